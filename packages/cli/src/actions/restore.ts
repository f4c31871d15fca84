/** `pum restore`. */
import { restoreDatabase, type SkippedEntry } from '@pum/dump';
import type { RestoreOptions } from '../commands/restore.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, toolJson, writeJson } from '../json-output.js';
import type { RestoreJson } from '../json-schemas.js';
import { dumpCommandSetup } from '../tools-context.js';

/** Run `pum restore`. */
export async function runRestore(
  file: string,
  options: RestoreOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const { io } = ctx;
  const { connection, progress, common } = await dumpCommandSetup(file, options, ctx, 'restoring');
  let result: Awaited<ReturnType<typeof restoreDatabase>>;
  try {
    result = await restoreDatabase({
      ...common,
      singleTransaction: options.singleTransaction,
      ignoreErrors: options.ignoreErrors === true,
    });
  } finally {
    progress.stop();
  }
  if (options.json) {
    writeJson(io, {
      command: 'restore',
      formatVersion: JSON_FORMAT_VERSION,
      database: connection.describe(),
      file: result.file,
      format: result.format,
      tables: result.tables,
      skipped: [...result.skipped],
      extensionData: [...result.extensionData],
      ignoredErrors: [...result.ignoredErrors],
      warnings: [...result.warnings],
      tool: toolJson(result.tool),
    } satisfies RestoreJson);
    return ExitCode.Ok;
  }
  const c = colorsFor(io.stderr, io.env);
  for (const warning of result.warnings) io.stderr.write(`${c.yellow('warning')} ${warning}\n`);
  if (result.ignoredErrors.length > 0) {
    io.stderr.write(
      `${c.yellow('warning')} ${result.ignoredErrors.length} error(s) ignored (-x):\n  ${result.ignoredErrors.join('\n  ')}\n`,
    );
  }
  if (!ctx.globals().quiet) {
    const out = colorsFor(io.stdout, io.env);
    const skipped = result.skipped.length ? `; ${leftOut(result.skipped)}` : '';
    io.stdout.write(
      `${out.green('✓')} restored ${result.file} into ${connection.describe()} (${result.format}, ${result.tables} tables${skipped}) with ${result.tool.path}\n`,
    );
  }
  return ExitCode.Ok;
}

/** Why a restore left entries of the dump out, in words: what they were, per reason. */
const LEFT_OUT: Readonly<Record<SkippedEntry['reason'], string>> = {
  'excluded-schema': 'of excluded schemas',
  'existing-extension': 'creating extensions the database already has',
  'extension-data': 'of extension configuration tables, their rows merged instead (e.g. spatial_ref_sys)',
};

/** `left out 3 entries: 1 creating extensions the database already has, 2 …`. */
function leftOut(skipped: readonly SkippedEntry[]): string {
  const counts = new Map<SkippedEntry['reason'], number>();
  for (const entry of skipped) counts.set(entry.reason, (counts.get(entry.reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => `${n} ${LEFT_OUT[reason]}`);
  return `left out ${skipped.length} dump entries: ${parts.join(', ')}; see --json`;
}
