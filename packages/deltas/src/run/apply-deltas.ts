/**
 * `applyDeltas()`: run a module's pending files under the upgrade lock, each in its own
 * transaction together with its history row (or all in one with `singleTransaction`), and
 * stop at the first failure with the database at the last completed file.
 */
import { isPumError, type Logger, PumError, PumErrorCode, qualifiedName, silentLogger } from '@pum/core';
import type pg from 'pg';
import type { TableName } from '../history/history-table.js';
import { HistoryWriter } from '../history/history-writer.js';
import { defaultHistoryTable } from '../history/legacy.js';
import { PumMirror } from '../history/pum-mirror.js';
import type { DeltaFile, DeltaModule } from '../module/delta-file.js';
import { deltaIdentity } from '../module/delta-identity.js';
import type { Pum1Module } from '../module/pum1/index.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import { recordAcceptedChecksums } from './accept-checksums.js';
import { acquireUpgradeLock } from './advisory-lock.js';
import { effectiveBetaTesting, refuseBetaTesting } from './beta-testing.js';
import { cancelOnAbort } from './cancel-query.js';
import { type CodeDelta, loadCodeDelta } from './code-delta.js';
import { BATCH_CHARACTERS, BATCH_FILES, type BatchFile, batchable, runFileBatch } from './file-batch.js';
import { type FileRunContext, runFile, type StatementProgress } from './file-runner.js';
import { findPython } from './find-python.js';
import { checkFixedParameters, installedParameters, recordedParameters } from './fixed-parameters.js';
import {
  checkInterrupted,
  type InterruptedStatementChoice,
  interruptedStatement,
} from './interrupted-statement.js';
import { refuseNewHistory } from './new-history-guard.js';
import { type OtherRunReport, otherRunReport, versionedFiles } from './other-run.js';
import { addedLateWarnings, refuseUnrecorded } from './pending-rules.js';
import { maxVersion, type PlannedFile, planUpgrade, type UpgradePlan } from './plan.js';
import { type Placeholders, prepareFiles } from './prepare.js';
import { backfillPumTable } from './pum-backfill.js';
import { runTables } from './run-tables.js';
import { RunTransaction } from './run-transaction.js';
import { type RunWarning, RunWarningCode, strictWarningsError } from './run-warning.js';
import {
  DEFAULT_SLOW_AFTER_MS,
  type RunningStatement,
  runningStatement,
  SlowWatch,
  type StillRunning,
} from './slow-watch.js';

/**
 * Progress events, for progress bars and GUIs, in this order for each file: `file-start`, then
 * for a file run statement by statement `statement-start` and `statement-done` for each
 * statement, `still-running` whenever a file or statement has run
 * {@link ApplyOptions.slowAfterMs}, and `file-done` once it is recorded (a failing file has no
 * `file-done`: the run throws). Files sent to the server whole are not split for progress (see
 * the README, "Progress").
 */
export type UpgradeProgress =
  | { type: 'lock-wait'; holderPid: number | undefined }
  | {
      type: 'file-start';
      file: DeltaFile;
      /** 0-based position among the files of the run. */
      index: number;
      total: number;
      /** The statements of an SQL file; `undefined` for code deltas and command hooks. */
      statements: number | undefined;
    }
  /** A statement of a file run statement by statement (`-- pum:no-transaction`) is sent. */
  | ({ type: 'statement-start'; file: DeltaFile } & RunningStatement)
  /** A statement of a file run statement by statement (`-- pum:no-transaction`) completed. */
  | ({ type: 'statement-done'; file: DeltaFile } & StatementProgress)
  /** The file, or its statement, has been running {@link ApplyOptions.slowAfterMs}; once each. */
  | ({ type: 'still-running' } & StillRunning)
  | { type: 'file-done'; file: DeltaFile; index: number; total: number; ms: number };

/** Options of {@link applyDeltas}. */
export interface ApplyOptions {
  /**
   * The history table (see {@link PlanOptions.table}). Default `public.pum_history`. For PUM 0.x
   * directories, a table that does not exist yet (other than a `pum_history`) is PUM's upgrades
   * table, as `-t` named it for PUM 0.x: created in PUM 0.10's layout, pum's history beside it in
   * `<schema>.pum_history` (as `baselineDatabase` does).
   */
  table?: TableName;
  /** Run nothing above this version. */
  maxVersion?: string;
  /** PUM 1.x's `--skip-baseline-check` (see {@link PlanOptions.skipBaselineCheck}). */
  skipBaselineCheck?: boolean;
  /** Run everything in one transaction, history included: all or nothing. Default `false`. */
  singleTransaction?: boolean;
  /**
   * At most this many SQL files (each in a transaction of its own with its history row) sent to
   * the server in one message, which saves a round trip per file; `1` sends every file on its
   * own. The outcome is the same either way: files before a failing one committed, the failing
   * one rolled back and reported as when sent alone, the ones after it not run. Default 100 (and
   * at most 1 MiB of SQL per message).
   */
  filesPerMessage?: number;
  /** Run even though applied files were edited (their new checksums are recorded). */
  acceptChanged?: boolean;
  /** How long to wait for another run's lock. Default 60 000 ms. */
  lockTimeoutMs?: number;
  /**
   * Parameter values recorded with each history row. Default: the values of
   * {@link ApplyOptions.placeholders}, as text — what the `app_only` rule of PUM 1.x modules
   * compares later runs with.
   */
  parameters?: Record<string, unknown>;
  /**
   * The environment of `command:` hooks: the caller's environment with the connection in libpq's
   * `PG*` variables (see `childEnvironment` of `@pum/connect`). Required when the module has
   * command hooks; pum adds `PUM_MODULE`, `PUM_MODULE_DIR` and `PUM_PARAM_<NAME>`.
   */
  commandEnvironment?: Readonly<Record<string, string | undefined>>;
  /**
   * The Python interpreter of Python hooks and deltas (a path or a name on PATH). Default: the
   * first of `python3`, `python`, `py` that starts. Checked, with psycopg for PUM 1.x hooks,
   * before anything runs; Python files also need {@link ApplyOptions.commandEnvironment}.
   */
  python?: string;
  /** Placeholders to substitute in SQL files (`%(NAME)s` for PUM 0.x, `{NAME}` for 1.x, psql `:NAME`). */
  placeholders?: Placeholders;
  /** Recorded in history as the tool version. */
  toolVersion?: string;
  /**
   * Record the run as beta testing (PUM 1.x's `--beta-testing`): a database upgraded so takes no
   * further upgrade unless {@link ApplyOptions.force}.
   */
  betaTesting?: boolean;
  /** Upgrade a database installed or upgraded as beta testing (PUM 1.x's `--force`). */
  force?: boolean;
  /**
   * Before starting a new history (no row of the module in {@link ApplyOptions.table}), look for
   * history in other tables of the database (pum's, PUM 0.x's or 1.x's, in any schema,
   * recognised by their columns) and refuse, before anything is changed, when there is some: a
   * mistyped table name would run every delta again. Default `false`; the CLI sets it unless
   * `--new-history`.
   */
  refuseNewHistory?: boolean;
  /**
   * The run installs the module: the caller found it not installed. If, once the lock is taken,
   * it is installed, another run installed it meanwhile: nothing runs and the report says so in
   * {@link UpgradeReport.otherRun}. Used by `installModule`.
   */
  install?: boolean;
  /**
   * What to do with a statement of a `-- pum:no-transaction` file that a killed run sent but
   * could not record as done (it may or may not have committed): `assume-done` continues after
   * it, `retry` runs it again. Without it, such a run stops before anything runs with
   * `PUM_HISTORY_INCONSISTENT`.
   */
  interruptedStatement?: InterruptedStatementChoice;
  /**
   * Make every warning of the run (see {@link UpgradeReport.warnings}) an error
   * (`PUM_STRICT_WARNINGS`, listing them all): warnings known before anything runs stop the run
   * before it changes anything; a code delta or hook that warns (`.pum.yaml#grants` on a schema
   * that does not exist) fails when it returns, before its transaction commits — so a PUM 1.x
   * run, one transaction, rolls back whole. Default `false`.
   */
  strict?: boolean;
  logger?: Logger;
  /** Called as the run goes (see {@link UpgradeProgress}); nothing is timed without it. */
  onProgress?: (event: UpgradeProgress) => void;
  /**
   * After how long a file, or a statement of a file run statement by statement, still running is
   * reported (`still-running`, once). Default 5 000 ms; `Infinity` never.
   */
  slowAfterMs?: number;
  /**
   * Cancels between files and statements: a file in a transaction rolls back; a command hook is
   * killed; code deltas see the signal.
   */
  signal?: AbortSignal;
}

/** One file that ran. */
export interface AppliedFile {
  path: string;
  version: string | undefined;
  kind: DeltaFile['kind'];
  ms: number;
}

/** What an upgrade did. */
export interface UpgradeReport {
  module: string;
  table: TableName;
  /** Rows adopted from a PUM 0.x upgrades table by this run. */
  adopted: number;
  applied: AppliedFile[];
  /** The plan the run followed. */
  plan: UpgradePlan;
  durationMs: number;
  /**
   * What the run did not do as declared but did not stop for (a grant on a schema that does not
   * exist, a dependency whose version cannot be told), in the order they arose. Never logged:
   * the caller shows them.
   */
  warnings: RunWarning[];
  /**
   * Set when another run did this run's work while it waited for the lock: this run applied
   * nothing (`applied` is empty) and ran nothing.
   */
  otherRun?: OtherRunReport;
}

/** An upgrade that stopped at a failing file; `report` says what ran before it. */
export class UpgradeFailedError extends PumError {
  readonly report: UpgradeReport;
  constructor(cause: PumError, report: UpgradeReport) {
    super(cause.code, cause.message, {
      cause: cause.cause,
      hint: cause.hint,
      details: cause.details,
      // What committed before the failure: the files of this run that stayed applied, then
      // what the failing file itself committed.
      changed: [...report.applied.map((f) => `applied ${f.path}`), ...cause.changed],
    });
    this.name = 'UpgradeFailedError';
    this.report = report;
  }
}

function changedError(changed: readonly PlannedFile[]): PumError {
  const rows = changed.map(
    (p) =>
      `  ${p.file.path}  recorded ${p.history?.checksum?.slice(0, 12)}…  now ${p.file.checksum.slice(0, 12)}…`,
  );
  return new PumError(
    PumErrorCode.ChecksumMismatch,
    `${changed.length} applied file(s) changed since they were applied:\n${rows.join('\n')}`,
    {
      hint: 'restore them, or accept the edits with --accept-changed or `pum repair`',
      details: { files: changed.map((p) => p.file.path) },
    },
  );
}

async function adoptLegacy(history: HistoryWriter, plan: UpgradePlan, toolVersion: string): Promise<number> {
  if (!plan.legacy || plan.legacy.entries.length === 0) return 0;
  const { table: legacyTable, format, entries } = plan.legacy;
  const byIdentity = new Map(plan.module.files.map((f) => [deltaIdentity(f.version, f.name, f.kind), f]));
  for (const entry of entries) {
    const file = byIdentity.get(deltaIdentity(entry.version, entry.name, entry.kind));
    // The edit check starts from the file as it is now when PUM 0.x's md5 says it is the file it
    // ran; PUM 1.x recorded no checksum, so the file as it is at adoption is trusted.
    const trusted =
      file !== undefined && (format === 'pum1' || (entry.md5 !== null && entry.md5 === file.pum0Checksum));
    await history.write({
      module: plan.module.name,
      version: entry.version,
      name: entry.name,
      kind: entry.kind,
      path: entry.path,
      checksum: trusted ? file.checksum : null,
      parameters: entry.parameters,
      betaTesting: entry.betaTesting,
      executionMs: null,
      success: entry.success,
      error: null,
      statementsDone: null,
      toolVersion,
      source: entry.source,
      note: `adopted from ${qualifiedName(legacyTable.schema, legacyTable.name)}${file && !trusted ? '; file differs from the checksum PUM recorded' : ''}`,
    });
  }
  return entries.length;
}

/**
 * Apply the pending files of `module` to the database of `client` (a dedicated connection:
 * the lock is held by its session).
 *
 * @throws {@link UpgradeFailedError} `PUM_SQL_ERROR` at a failing file (with file, line,
 *   column, SQLSTATE); `PUM_CHECKSUM_MISMATCH` when applied files were edited;
 *   `PUM_LOCK_TIMEOUT`; `PUM_INVALID_FILE` for files that cannot run as asked;
 *   `PUM_STRICT_WARNINGS` when a {@link ApplyOptions.strict} run had warnings.
 * @example
 * ```ts
 * const report = await applyDeltas(client, loadPum0Module(['update/delta']), {
 *   table: { schema: 'qwat_sys', name: 'info' },
 *   onProgress: (e) => e.type === 'file-done' && console.log(e.file.path),
 * });
 * ```
 */
export async function applyDeltas(
  client: pg.ClientBase,
  module: Parameters<typeof planUpgrade>[1],
  options: ApplyOptions = {},
): Promise<UpgradeReport> {
  const started = Date.now();
  const logger = options.logger ?? silentLogger;
  const toolVersion = options.toolVersion ?? 'unknown';
  const requested = options.table ?? defaultHistoryTable(module);
  const planOptions = {
    table: requested,
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
    skipBaselineCheck: options.skipBaselineCheck === true,
  };
  // The versioned files pending when the lock was found busy: another run may apply them.
  let pendingBefore: DeltaFile[] = [];
  const release = await acquireUpgradeLock(client, requested, {
    timeoutMs: options.lockTimeoutMs ?? 60_000,
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: async (holderPid) => {
      options.onProgress?.({ type: 'lock-wait', holderPid });
      const before = await planUpgrade(client, module, planOptions).catch(() => undefined);
      pendingBefore = before ? versionedFiles(before.toRun) : [];
    },
  });
  try {
    // Planned under the lock, so two runs never plan the same pending files.
    const plan = await planUpgrade(client, module, planOptions);
    const otherRun = options.install ? installedMeanwhile(plan) : otherRunReport(plan, pendingBefore);
    if (otherRun) {
      return {
        module: plan.module.name,
        table: plan.table,
        adopted: 0,
        applied: [],
        plan,
        durationMs: Date.now() - started,
        warnings: [],
        otherRun,
      };
    }
    if (options.refuseNewHistory) await refuseNewHistory(client, plan);
    const changed = plan.files.filter((f) => f.status === 'changed');
    if (changed.length > 0 && !options.acceptChanged) throw changedError(changed);
    refuseBetaTesting(plan, options.force === true);
    refuseUnrecorded(plan);
    const values = options.placeholders?.parameters ?? {};
    if (isPum1(module))
      checkFixedParameters(module.parameters, await installedParameters(client, plan), values);
    const prepared = prepareFiles(plan.toRun, options.placeholders, options.singleTransaction === true);
    const code = await loadCode(prepared.map((p) => p.file));
    if (prepared.some((p) => p.mode.kind === 'command') && !options.commandEnvironment) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        'the module has command: hooks or Python files but no environment was given for them',
        {
          hint: 'pass ApplyOptions.commandEnvironment (the environment with the connection in PG* variables)',
        },
      );
    }

    const pythonFiles = prepared.filter((p) => p.file.language === 'python').map((p) => p.file.path);
    const python =
      pythonFiles.length > 0
        ? await findPython({
            python: options.python,
            needsPsycopg: module.layout === 'pum1',
            cwd: module.roots[0] ?? '.',
            environment: options.commandEnvironment ?? {},
            neededBy: pythonFiles.join(', '),
            dependencies: isPum1(module) ? module.config.dependencies : undefined,
          })
        : undefined;
    const warnings: RunWarning[] = [
      ...addedLateWarnings(plan),
      ...(python?.warnings ?? []).map((message) => ({ code: RunWarningCode.DependencyUnchecked, message })),
    ];
    if (options.strict && warnings.length > 0) throw strictWarningsError(warnings);

    const byFile = new Map(plan.files.map((p) => [p.file, p]));
    const interrupted = prepared.flatMap((p) => interruptedStatement(byFile.get(p.file), p.mode) ?? []);
    checkInterrupted(interrupted, options.interruptedStatement);
    if (options.interruptedStatement && interrupted.length === 0)
      logger.warn(`no statement was left interrupted: ${options.interruptedStatement} changes nothing`);

    // PUM's own table is kept too, so PUM reading the database sees what pum applied; a PUM 0.x
    // directory's missing -t table is created as PUM's, pum's history beside it (as baseline does).
    const { ours, target: pumTarget } = await runTables(client, module, plan, options.table);
    const history = new HistoryWriter(client, ours.table, ours.exists, pumTarget && new PumMirror(pumTarget));
    const adopted = await adoptLegacy(history, plan, toolVersion);
    if (adopted) logger.debug(`adopted ${adopted} rows of PUM's history`, { table: plan.legacy?.table });
    await recordAcceptedChecksums(history, plan, changed, toolVersion, '', options.parameters);
    if (history.mirror) {
      const pumRun = { parameters: pumParameters(values), betaTesting: plan.betaTesting };
      const backfilled = await backfillPumTable(client, history.mirror, plan, pumRun);
      if (backfilled)
        logger.debug(`recorded ${backfilled} earlier file(s) in PUM's table`, {
          table: history.mirror.target.table,
        });
    }

    const report: UpgradeReport = {
      module: plan.module.name,
      table: ours.table,
      adopted,
      applied: [],
      plan,
      durationMs: 0,
      warnings,
    };
    // Cancelled, the statement running stops at once and its file rolls back.
    const cancelling = cancelOnAbort(client, options.signal);
    const onProgress = options.onProgress;
    const slow =
      onProgress &&
      new SlowWatch(options.slowAfterMs ?? DEFAULT_SLOW_AFTER_MS, (event) =>
        onProgress({ type: 'still-running', ...event }),
      );
    // What a PUM 0.x DeltaPy is given. Its current_db_version is read when the file runs, as PUM 0.x
    // does: the version before the upgrade for pre-all, the version reached so far for later files.
    const pum0 = {
      currentVersion: plan.currentVersion,
      deltaDirs: module.roots,
      upgradesTable: qualifiedText(pumTarget?.format === 'pum0' ? pumTarget.table : plan.table),
    };
    const ctx: FileRunContext = {
      client,
      history,
      module: { name: plan.module.name, root: module.roots[0] ?? '.' },
      parameters: options.parameters ?? recordedParameters(values),
      betaTesting: effectiveBetaTesting(plan, options.betaTesting === true),
      pumParameters: pumParameters(values),
      values,
      commandEnvironment: options.commandEnvironment,
      python: python && {
        python: python.python,
        layout: module.layout,
        pum0,
      },
      toolVersion,
      logger,
      signal: options.signal ?? new AbortController().signal,
      code,
      interruptedStatement: options.interruptedStatement,
      onStatementStart:
        onProgress &&
        ((file, statement) => {
          onProgress({ type: 'statement-start', file, ...statement });
          slow?.arm(file, statement);
        }),
      onStatement: (file, progress) => {
        slow?.disarm();
        options.onProgress?.({ type: 'statement-done', file, ...progress });
      },
      cancelSettled: () => cancelling.settled(),
      warnings,
      strict: options.strict === true,
    };
    const transaction = new RunTransaction(client, history, options.singleTransaction === true);
    const filesPerMessage = options.filesPerMessage ?? BATCH_FILES;
    /**
     * The files from `index` on that go to the server in one message: consecutive SQL files in
     * transactions of their own, once the history table exists, never `aloneAt` (a file whose
     * syntax error stopped a batch runs alone). Fewer than two: the file runs on its own.
     */
    const batchAt = (index: number, aloneAt: number): BatchFile[] => {
      const batch: BatchFile[] = [];
      if (options.singleTransaction || !history.isDurable || index === aloneAt) return batch;
      let characters = 0;
      for (let i = index; i < prepared.length && batch.length < filesPerMessage && i !== aloneAt; i++) {
        const { file, sql, mode } = prepared[i] as (typeof prepared)[number];
        characters += sql.length;
        if (!batchable(mode, sql) || characters > BATCH_CHARACTERS) break;
        batch.push({
          run: { file, sql, mode, planned: byFile.get(file), inRunTransaction: false },
          statements: mode.statements,
        });
      }
      return batch;
    };
    try {
      const total = plan.toRun.length;
      const fileStarts = (index: number) => {
        const { file, mode } = prepared[index] as (typeof prepared)[number];
        if (!onProgress) return;
        const statements = 'statements' in mode ? mode.statements : undefined;
        onProgress({ type: 'file-start', file, index, total, statements: statements?.length });
        // A file sent whole names its statement only when it has but one.
        const only = statements?.length === 1 ? statements[0] : undefined;
        slow?.arm(file, only && runningStatement(only, 0, 1));
      };
      const fileDone = (index: number, ms: number) => {
        const { file } = prepared[index] as (typeof prepared)[number];
        slow?.disarm();
        transaction.done();
        pum0.currentVersion = maxVersion([pum0.currentVersion, file.version?.text]);
        report.applied.push({ path: file.path, version: file.version?.text, kind: file.kind, ms });
        onProgress?.({ type: 'file-done', file, index, total, ms });
      };
      // A file from which on a syntax error stopped a batch: it runs alone, the files before it
      // in batches again.
      let aloneAt = -1;
      for (let index = 0; index < prepared.length; ) {
        options.signal?.throwIfAborted();
        const batch = batchAt(index, aloneAt);
        if (batch.length > 1) {
          const outcome = await runFileBatch(ctx, batch, {
            started: (i) => fileStarts(index + i),
            done: (i, ms) => fileDone(index + i, ms),
          }).finally(() => slow?.disarm());
          if (outcome.aloneAt !== undefined) aloneAt = index + outcome.aloneAt;
          index += outcome.applied;
          continue;
        }
        const { file, sql, mode } = prepared[index] as (typeof prepared)[number];
        fileStarts(index);
        const t0 = Date.now();
        // A command hook runs outside any transaction: the run's transaction commits before it.
        const inRunTransaction =
          mode.kind === 'command' ? await transaction.leave() : await transaction.enter();
        try {
          await runFile(ctx, { file, sql, mode, planned: byFile.get(file), inRunTransaction });
        } finally {
          slow?.disarm();
        }
        fileDone(index, Date.now() - t0);
        index++;
      }
      await transaction.leave();
    } catch (error) {
      cancelling.stop();
      await cancelling.settled();
      report.applied = report.applied.slice(0, await transaction.abandon());
      report.durationMs = Date.now() - started;
      if (options.signal?.aborted) {
        const at = (error as { details?: { path?: unknown } }).details?.path;
        const changed = isPumError(error) ? error.changed : [];
        // A file run outside a transaction keeps the statements it completed.
        const what = changed.length > 0 ? `: ${changed.join('; ')}` : ', which was rolled back';
        const message = `upgrade cancelled${typeof at === 'string' ? ` in ${at}${what}` : ''}`;
        throw new UpgradeFailedError(
          new PumError(PumErrorCode.Aborted, message, { cause: error, changed }),
          report,
        );
      }
      if (error instanceof PumError) throw new UpgradeFailedError(error, report);
      if ((error as { severity?: unknown }).severity !== undefined) {
        // A server error outside a delta file (history table, lock): still one clear SQL error.
        const message = `upgrade stopped: ${(error as Error).message}`;
        throw new UpgradeFailedError(new PumError(PumErrorCode.SqlError, message, { cause: error }), report);
      }
      throw error;
    }
    cancelling.stop();
    // Cancelled after the last statement: the request must not stop the unlock instead.
    await cancelling.settled();
    report.durationMs = Date.now() - started;
    return report;
  } finally {
    await release().catch(() => {});
  }
}

/** For an install: what another run installed, when the module is installed under the lock. */
function installedMeanwhile(plan: UpgradePlan): OtherRunReport | undefined {
  const installed = plan.currentVersion !== undefined || (plan.legacy?.entries.length ?? 0) > 0;
  if (!installed) return undefined;
  return (
    otherRunReport(plan, versionedFiles(plan.module.files)) ?? {
      version: plan.currentVersion,
      at: null,
      applied: [],
    }
  );
}

/** Load every code delta of the run before the first file runs. */
async function loadCode(files: readonly DeltaFile[]): Promise<Map<DeltaFile, CodeDelta>> {
  const code = new Map<DeltaFile, CodeDelta>();
  for (const file of files) if (file.language === 'js') code.set(file, await loadCodeDelta(file));
  return code;
}

/** The values PUM 1.x records in `pum_migrations.parameters`: typed JSON. */
function pumParameters(
  values: Readonly<Record<string, ParameterValue | undefined>>,
): Record<string, unknown> {
  const recorded: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(values)) {
    if (parameter === undefined) continue;
    const { type, value } = parameter;
    recorded[name] =
      type === 'integer' || type === 'decimal'
        ? Number(value)
        : type === 'boolean'
          ? value === true || value === 'true'
          : String(value);
  }
  return recorded;
}

function isPum1(module: DeltaModule): module is Pum1Module {
  return module.layout === 'pum1' && Array.isArray((module as Partial<Pum1Module>).parameters);
}

/** `schema.name`, as PUM 0.x names its upgrades table to a DeltaPy. */
function qualifiedText(table: TableName): string {
  return `${table.schema}.${table.name}`;
}
