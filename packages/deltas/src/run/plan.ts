/**
 * The plan of an upgrade: for every file of the module, whether it is applied, pending,
 * changed since it was applied, failed, or left out — read from history, never from file
 * names sorted as text, by the rule of the module's layout (see `pending-rules.ts`). Planning
 * only reads.
 */
import { compareVersions, parseVersion, type Queryable } from '@pum/core';
import { type HistoryRow, readHistory, type TableName } from '../history/history-table.js';
import { findHistoryTables, type LegacyEntry, readLegacyEntries } from '../history/legacy.js';
import { historyModuleName } from '../history/module-name.js';
import type { DeltaFile, DeltaKind, DeltaModule } from '../module/delta-file.js';
import { deltaIdentity } from '../module/delta-identity.js';
import { INTERRUPTED_NOTE } from './interrupted-note.js';
import { pum0Rule, pum1Rule, type VersionRecord } from './pending-rules.js';

/** The state of one file. */
export type FileStatus =
  /** Recorded as applied, checksum unchanged. */
  | 'applied'
  /** Not applied yet: the upgrade runs it. */
  | 'pending'
  /** Applied, but the file changed since. */
  | 'changed'
  /** Its last run failed; the upgrade runs it again. */
  | 'failed'
  /** Run on every upgrade (`pre-all`, `post-all`). */
  | 'always'
  /**
   * Not run, by the layout's rule: below the current version (PUM 0.x), at or below the
   * installed version (PUM 1.x), or above `maxVersion`.
   */
  | 'skipped'
  /**
   * PUM 1.x: at or below the installed version, but its version was never recorded as applied.
   * An upgrade refuses (as PUM 1.x did) unless `skipBaselineCheck`.
   */
  | 'unrecorded';

/** One file of the plan. */
export interface PlannedFile {
  file: DeltaFile;
  status: FileStatus;
  /** Why it is skipped or changed, for people. */
  reason?: string;
  /**
   * `skipped` only (PUM 1.x): added to a version that was applied without it; PUM's rule skips
   * it, and a run warns of it.
   */
  addedLate?: true;
  /**
   * `failed` only: its last run was cancelled (Ctrl-C) and rolled back, so nothing is broken and
   * the next upgrade runs it again; a status tool shows it as pending, not inconsistent.
   */
  interrupted?: boolean;
  /** Its last history row, when it has one. */
  history?: Pick<
    HistoryRow,
    'checksum' | 'source' | 'success' | 'finishedAt' | 'statementsDone' | 'statementStarted'
  >;
}

/** An upgrade plan. */
export interface UpgradePlan {
  /**
   * The module; named as its history is recorded (a module named after its directory keeps the
   * name its rows were first written under, see `nameFromDirectory`).
   */
  module: DeltaModule;
  /** Our history table. */
  table: TableName;
  /** Whether it exists yet. */
  tableExists: boolean;
  /** A PUM history table being adopted, and its entries not adopted yet. */
  legacy: { table: TableName; format: 'pum0' | 'pum1'; entries: LegacyEntry[] } | undefined;
  /** The highest applied version, if any. */
  currentVersion: string | undefined;
  /** The highest baseline version, if any. */
  baselineVersion: string | undefined;
  /**
   * Whether the current version was recorded as beta testing (PUM 1.x's `--beta-testing`): as in
   * PUM 1.x, the rows of the highest version decide.
   */
  betaTesting: boolean;
  files: PlannedFile[];
  /** What an upgrade runs, in order. */
  toRun: DeltaFile[];
  /** Applied entries of the module whose file no longer exists. */
  missing: { version: string | null; name: string; kind: string; path: string | null }[];
}

/** Options of {@link planUpgrade}. */
export interface PlanOptions {
  /**
   * The history table. When it names an existing PUM 0.x upgrades table (`qwat_sys.info`), that
   * table is adopted and our history lives beside it, in `<schema>.pum_history`. For a PUM 1.x
   * module the default is `<migration_table_schema>.pum_history` (and `pum_migrations` beside it
   * is adopted); otherwise `public.pum_history`.
   */
  table?: TableName;
  /** Run nothing above this version (PUM's `--max-version`). */
  maxVersion?: string;
  /**
   * PUM 1.x's `--skip-baseline-check`: files at or below the installed version whose version was
   * never recorded are skipped instead of `unrecorded`. No effect on PUM 0.x directories.
   */
  skipBaselineCheck?: boolean;
}

/** Why a file interrupted and rolled back is to run again. */
const INTERRUPTED_REASON = 'interrupted and rolled back; run upgrade again';

interface Applied {
  version: string | null;
  name: string;
  kind: DeltaKind | 'repair';
  path: string | null;
  checksum: string | null;
  source: string;
  success: boolean;
  finishedAt: Date | null;
  statementsDone: number | null;
  statementStarted?: string | null;
  note?: string | null;
  betaTesting: boolean;
}

/** The highest of `versions`, compared as versions (absent ones skipped); `undefined` for none. */
export function maxVersion(versions: readonly (string | undefined)[]): string | undefined {
  return versions.reduce<string | undefined>(
    (max, v) => (v === undefined ? max : max === undefined || compareVersions(v, max) > 0 ? v : max),
    undefined,
  );
}

/**
 * Plan an upgrade of the database `db` is connected to with `module`.
 *
 * @example
 * ```ts
 * const plan = await planUpgrade(client, loadPum0Module(['delta']), { table: { schema: 'qwat_sys', name: 'info' } });
 * plan.toRun.map((f) => f.path);
 * ```
 */
export async function planUpgrade(
  db: Queryable,
  module: DeltaModule,
  options: PlanOptions = {},
): Promise<UpgradePlan> {
  const { table, columns, legacy } = await findHistoryTables(db, module, options.table);
  // A module named after its directory takes the name its history was recorded under.
  const name = columns ? await historyModuleName(db, table, module) : module.name;
  const ours = columns ? await readHistory(db, table, name) : [];
  const adopted = new Set(ours.map((row) => row.source));
  const legacyEntries = legacy
    ? (await readLegacyEntries(db, legacy, module)).filter((e) => !adopted.has(e.source))
    : [];
  const entries: Applied[] = [
    ...ours,
    ...legacyEntries.map((e) => ({ ...e, checksum: null, finishedAt: null, statementsDone: null })),
  ];

  // Per delta: applied once any run succeeded; the checksum is that of its latest successful
  // row (a repair appends one with the new checksum).
  const last = new Map<string, Applied>();
  for (const entry of entries) {
    if (entry.kind === 'repair') continue;
    const name = entry.kind === 'baseline' ? 'baseline' : entry.name;
    const key = deltaIdentity(entry.version, name, entry.kind, entry.path);
    const previous = last.get(key);
    if (!previous || entry.success || !previous.success) last.set(key, { ...entry, name });
  }
  const succeeded = [...last.values()].filter((e) => e.success);
  const baselineVersion = maxVersion(
    succeeded.filter((e) => e.kind === 'baseline' && e.version).map((e) => e.version as string),
  );
  const currentVersion = maxVersion(succeeded.filter((e) => e.version).map((e) => e.version as string));
  if (options.maxVersion !== undefined) parseVersion(options.maxVersion);
  const atVersion = (version: string) =>
    succeeded.filter((e) => e.version !== null && compareVersions(e.version, version) === 0);
  const recorded = (version: string): VersionRecord => {
    const rows = atVersion(version);
    return rows.length === 0 ? 'none' : rows.every((e) => e.kind === 'baseline') ? 'baseline' : 'files';
  };
  const rule = module.layout === 'pum1' ? pum1Rule : pum0Rule;

  const files: PlannedFile[] = module.files.map((file) => {
    if (file.version === undefined) return { file, status: 'always' };
    const entry = last.get(deltaIdentity(file.version, file.name, file.kind, file.path));
    const history = entry
      ? {
          checksum: entry.checksum,
          source: entry.source,
          success: entry.success,
          finishedAt: entry.finishedAt,
          statementsDone: entry.statementsDone,
          statementStarted: entry.statementStarted ?? null,
        }
      : undefined;
    const withHistory = history ? { history } : {};
    if (entry?.success) {
      if (entry.checksum !== null && entry.checksum !== file.checksum) {
        return { file, status: 'changed', reason: 'edited since it was applied', ...withHistory };
      }
      return { file, status: 'applied', ...withHistory };
    }
    const outcome = rule({
      version: file.version,
      current: currentVersion,
      baseline: baselineVersion,
      maxVersion: options.maxVersion,
      recorded: recorded(file.version.text),
      skipBaselineCheck: options.skipBaselineCheck === true,
      failed: entry !== undefined,
    });
    if (!outcome.runs) {
      const { status, reason, addedLate } = outcome;
      return { file, status, reason, ...(addedLate ? { addedLate } : {}), ...withHistory };
    }
    if (!entry) return { file, status: 'pending' };
    const done = entry.statementsDone ?? 0;
    const resumes = done > 0 && entry.checksum === file.checksum;
    const interrupted = entry.statementStarted && entry.checksum === file.checksum;
    if (entry.note === INTERRUPTED_NOTE && !interrupted && !resumes)
      return { file, status: 'failed', interrupted: true, reason: INTERRUPTED_REASON, ...withHistory };
    return {
      file,
      status: 'failed',
      reason: interrupted
        ? `interrupted in statement ${done + 1}, outside a transaction: it may have committed; upgrade with --assume-done or --retry-statement`
        : resumes
          ? `stopped after statement ${done}, outside a transaction; the next upgrade resumes there`
          : 'its last run failed; the next upgrade runs it again',
      ...withHistory,
    };
  });
  const present = new Set(module.files.map((f) => deltaIdentity(f.version, f.name, f.kind, f.path)));
  const missing = succeeded
    .filter(
      (e) =>
        e.kind !== 'baseline' &&
        e.version !== null &&
        !present.has(deltaIdentity(e.version, e.name, e.kind, e.path)),
    )
    .map((e) => ({ version: e.version, name: e.name, kind: e.kind, path: null }));
  return {
    module: name === module.name ? module : { ...module, name },
    table,
    tableExists: columns !== undefined,
    legacy: legacy ? { table: legacy.table, format: legacy.format, entries: legacyEntries } : undefined,
    currentVersion,
    baselineVersion,
    betaTesting: currentVersion !== undefined && atVersion(currentVersion).some((e) => e.betaTesting),
    files,
    toRun: files
      .filter((f) => f.status === 'pending' || f.status === 'failed' || f.status === 'always')
      .map((f) => f.file),
    missing,
  };
}
