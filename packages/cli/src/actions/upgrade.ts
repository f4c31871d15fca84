/** `pum upgrade`: load the module, apply it, report. */
import {
  applyDeltas,
  type PreparedFile,
  planUpgrade,
  prepareFiles,
  refuseUnrecorded,
  type UpgradePlan,
  type UpgradeReport,
} from '@pum/deltas';
import { interruptedChoice } from '../commands/interrupted-options.js';
import type { UpgradeOptions } from '../commands/upgrade.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import {
  deltaConnection,
  historyTable,
  loadModule,
  lockTimeoutMs,
  runnableModule,
  runOptions,
} from '../delta-context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { UpgradeDryRunJson, UpgradeJson } from '../json-schemas.js';
import { otherRunJson, otherRunMessage } from '../other-run.js';
import { cliParameters, placeholdersFor } from '../parameters.js';
import { runProgress } from '../run-progress.js';
import { warningsSuffix, writeRunWarnings } from '../run-warnings.js';
import { withTargetEnvironment } from '../target-environment.js';

/** How a dry run labels files that do not run as one SQL transaction of ours. */
const DRY_RUN_MODE: Partial<Record<PreparedFile['mode']['kind'], string>> = {
  self: 'carries its own BEGIN/COMMIT',
  statements: 'statement by statement, outside a transaction',
  code: 'code delta, in the transaction',
  command: 'command hook, outside any transaction',
};

/** What `pum upgrade` reads before connecting: the module and the values the options give it. */
export type UpgradeInput = ReturnType<typeof runnableModule> & {
  placeholders: ReturnType<typeof placeholdersFor>;
};

/**
 * Load the module and check the options, before connecting: a bad value is a usage error
 * whatever the server. (`pum upgrade` over several databases does it once for all of them.)
 */
export function upgradeInput(options: UpgradeOptions, ctx: CommandContext): UpgradeInput {
  const parameters = cliParameters({
    param: options.param,
    ...(options.var ? { pum0: options.var } : {}),
    ...(ctx.globals().pgConnection !== undefined && options.pgService ? { pum1: options.pgService } : {}),
  });
  const loaded = loadModule(options, ctx, options.strict === true);
  const runnable = runnableModule(loaded, options);
  const placeholders = placeholdersFor(loaded, parameters);
  lockTimeoutMs(options);
  return { ...runnable, placeholders };
}

/** What a caller running `pum upgrade` for one of several databases passes and learns. */
export interface UpgradeHooks {
  /** The module and values already read by {@link upgradeInput}. */
  input?: UpgradeInput;
  /** Told what the upgrade did, when it ran (not for a dry run). */
  onReport?: (report: UpgradeReport) => void;
  /** Told what a dry run found would run (only for a dry run). */
  onPlan?: (plan: UpgradePlan) => void;
}

/** Run `pum upgrade`. */
export async function runUpgrade(
  options: UpgradeOptions,
  ctx: CommandContext,
  hooks: UpgradeHooks = {},
): Promise<ExitCode> {
  const { io } = ctx;
  const global = ctx.globals();
  const { module, singleTransaction, betaTesting, placeholders } = hooks.input ?? upgradeInput(options, ctx);
  const table = historyTable(options);
  const { client, label, resolved } = await openConnection(deltaConnection(options, ctx), io);
  const out = colorsFor(io.stdout, io.env);
  const quiet = global.quiet === true || options.json === true;
  try {
    if (options.dryRun) {
      const plan = await planUpgrade(client, module, {
        ...(table ? { table } : {}),
        ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
        skipBaselineCheck: options.skipBaselineCheck === true,
      });
      // What the upgrade would refuse, the dry run refuses too.
      refuseUnrecorded(plan);
      hooks.onPlan?.(plan);
      const prepared = prepareFiles(plan.toRun, placeholders, singleTransaction);
      if (options.json) {
        const toRun = prepared.map(({ file, sql, mode }) => ({
          path: file.path,
          version: file.version?.text ?? null,
          kind: file.kind,
          runs: mode.kind,
          sql,
        }));
        writeJson(io, {
          command: 'upgrade',
          formatVersion: JSON_FORMAT_VERSION,
          dryRun: true,
          toRun,
        } satisfies UpgradeDryRunJson);
      } else {
        io.stdout.write(
          `${out.bold(`dry run on ${label}`)}: ${prepared.length} file(s) would run; nothing is changed\n`,
        );
        for (const { file, sql, mode } of prepared) {
          const how = DRY_RUN_MODE[mode.kind];
          io.stdout.write(
            `\n${out.cyan(`-- ${file.path}${how ? ` (${how})` : ''}`)}\n${sql}${sql.endsWith('\n') ? '' : '\n'}`,
          );
        }
      }
      return ExitCode.Ok;
    }
    // A line per file on stdout, as ever; on a terminal, a live line on stderr too.
    const progress = runProgress(io, {
      quiet,
      verb: 'upgrading',
      fileLines: 'stdout',
      verbose: global.verbose,
    });
    if (!quiet)
      io.stdout.write(
        `${out.bold(`upgrading ${label}`)} with ${module.roots.length} delta director${module.roots.length === 1 ? 'y' : 'ies'}\n`,
      );
    const report = await withTargetEnvironment(resolved, () =>
      applyDeltas(
        client,
        module,
        progress.apply({
          ...runOptions(options, ctx, resolved, placeholders),
          ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
          skipBaselineCheck: options.skipBaselineCheck === true,
          singleTransaction,
          acceptChanged: options.acceptChanged === true,
          betaTesting,
          force: options.force === true,
          ...interruptedChoice(options),
          refuseNewHistory: options.newHistory !== true,
          strict: options.strict === true,
        }),
      ),
    ).finally(() => progress.stop());
    hooks.onReport?.(report);
    if (options.json) {
      writeJson(io, {
        command: 'upgrade',
        formatVersion: JSON_FORMAT_VERSION,
        module: report.module,
        table: report.table,
        adopted: report.adopted,
        applied: report.applied,
        warnings: report.warnings,
        ...(report.otherRun ? { otherRun: otherRunJson(report.otherRun) } : {}),
        durationMs: report.durationMs,
      } satisfies UpgradeJson);
    } else if (report.otherRun) {
      if (!quiet) io.stdout.write(`${otherRunMessage(report.otherRun, 'upgrade')}\n`);
    } else {
      if (!quiet) {
        const versions = report.applied.map((f) => f.version).filter(Boolean);
        io.stdout.write(
          `${report.adopted ? `adopted ${report.adopted} rows of PUM's history; ` : ''}applied ${report.applied.length} file(s)${versions.length ? `; now at ${versions[versions.length - 1]}` : ''}${warningsSuffix(report.warnings)}\n`,
        );
      }
      writeRunWarnings(io, report.warnings);
    }
    return ExitCode.Ok;
  } finally {
    await client.end().catch(() => {});
  }
}
