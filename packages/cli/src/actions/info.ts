/**
 * `pum info`: the plan, shown; exit code 0 up to date, 3 pending (a file interrupted and rolled
 * back is pending), 4 inconsistent.
 */
import { qualifiedName } from '@pum/core';
import { historyElsewhere, historyElsewhereMessage, planUpgrade } from '@pum/deltas';
import type { InfoOptions } from '../commands/info.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import { deltaConnection, historyTable, loadModule } from '../delta-context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { InfoJson } from '../json-schemas.js';

/** Run `pum info`. */
export async function runInfo(options: InfoOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const module = loadModule(options, ctx);
  const table = historyTable(options);
  const { client, label } = await openConnection(deltaConnection(options, ctx), io);
  try {
    const plan = await planUpgrade(client, module, {
      ...(table ? { table } : {}),
      ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
      skipBaselineCheck: options.skipBaselineCheck === true,
    });
    // A mistyped or forgotten -t shows everything pending: say where the history is.
    const elsewhere = await historyElsewhere(client, plan);
    if (elsewhere.length > 0 && !options.json)
      io.stderr.write(`note: ${historyElsewhereMessage(plan.table, elsewhere)}\n`);
    const count = (status: string) => plan.files.filter((f) => f.status === status && !f.interrupted).length;
    const interrupted = plan.files.filter((f) => f.interrupted).length;
    const inconsistent = count('changed') + count('failed') + count('unrecorded') + plan.missing.length > 0;
    const pending = count('pending') + interrupted > 0;
    const code = inconsistent ? ExitCode.Inconsistent : pending ? ExitCode.Pending : ExitCode.Ok;
    if (options.json) {
      writeJson(io, {
        command: 'info',
        formatVersion: JSON_FORMAT_VERSION,
        database: label,
        table: plan.table,
        tableExists: plan.tableExists,
        adopting: plan.legacy?.table ?? null,
        currentVersion: plan.currentVersion ?? null,
        baselineVersion: plan.baselineVersion ?? null,
        files: plan.files.map((f) => ({
          path: f.file.path,
          version: f.file.version?.text ?? null,
          kind: f.file.kind,
          status: f.status,
          ...(f.reason ? { reason: f.reason } : {}),
          ...(f.interrupted ? { interrupted: true } : {}),
        })),
        missing: plan.missing,
        upToDate: code === ExitCode.Ok,
      } satisfies InfoJson);
      return code;
    }
    const c = colorsFor(io.stdout, io.env);
    const colour: Record<string, (s: string) => string> = {
      applied: c.green,
      pending: c.yellow,
      changed: c.red,
      failed: c.red,
      always: c.cyan,
      skipped: c.dim,
      unrecorded: c.red,
    };
    const historyName = qualifiedName(plan.table.schema, plan.table.name);
    io.stdout.write(
      `${c.bold(label)}: history ${historyName}${plan.tableExists ? '' : ' (not created yet)'}${plan.legacy ? `, adopting ${qualifiedName(plan.legacy.table.schema, plan.legacy.table.name)}` : ''}; version ${plan.currentVersion ?? 'none'}${plan.baselineVersion ? `, baseline ${plan.baselineVersion}` : ''}\n`,
    );
    for (const f of plan.files) {
      const shown = f.interrupted ? 'interrupted' : f.status;
      const status = (f.interrupted ? c.yellow : (colour[f.status] ?? ((s: string) => s)))(shown.padEnd(8));
      io.stdout.write(
        `  ${status} ${(f.file.version?.text ?? '').padEnd(10)} ${f.file.path}${f.reason ? c.dim(`  (${f.reason})`) : ''}\n`,
      );
    }
    for (const m of plan.missing)
      io.stdout.write(
        `  ${c.red('missing ')} ${(m.version ?? '').padEnd(10)} ${m.name} (${m.kind}): applied, but no file\n`,
      );
    io.stdout.write(
      `${code === ExitCode.Ok ? 'up to date' : inconsistent ? `inconsistent: see changed, failed, unrecorded or missing files${count('unrecorded') > 0 ? ' (unrecorded: an upgrade refuses them unless --skip-baseline-check)' : ''}` : pendingLine(count('pending'), interrupted)}\n`,
    );
    return code;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The last line of a plan with work to do: how many files are pending, and interrupted. */
function pendingLine(pending: number, interrupted: number): string {
  const parts = [
    ...(pending > 0 ? [`${pending} file(s) pending`] : []),
    ...(interrupted > 0 ? [`${interrupted} file(s) interrupted and rolled back; run upgrade again`] : []),
  ];
  return parts.join('; ');
}
