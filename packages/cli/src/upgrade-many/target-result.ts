/** What the upgrade of one database of several came to, and how the summary says it. */
import { ExitCode } from '../exit-codes.js';
import type { UpgradeTarget } from './targets.js';

/** The outcome of one database. */
export interface TargetResult {
  readonly target: UpgradeTarget;
  /** Its short name in prefixes, log file names and the summary. */
  readonly name: string;
  /** Its exit code, as `pum upgrade --db` alone would have ended; 0 for one never started. */
  readonly exitCode: ExitCode;
  /** Whether it ran (false: never started, after `--fail-fast` or Ctrl-C). */
  readonly started: boolean;
  /** The version before, as the history said (undefined: none yet, or not read). */
  readonly fromVersion: string | undefined;
  /** The version after (undefined: none, or not read). */
  readonly toVersion: string | undefined;
  /** Files applied by this run (committed, also when a later one failed). */
  readonly applied: number;
  /** Whether another run did the work while this one waited for the lock. */
  readonly otherRun: boolean;
  readonly dryRun: boolean;
  /** With `--dry-run`: how many files would run (undefined: not planned, or not a dry run). */
  readonly wouldRun: number | undefined;
  readonly durationMs: number;
  /** Its log file, with `--log-dir`. */
  readonly log: string | undefined;
  /** Its `--json` document (the upgrade's, or the error's), with `--json`. */
  readonly json: unknown;
}

const FAILURES: Partial<Record<ExitCode, string>> = {
  [ExitCode.Usage]: 'bad input or connection',
  [ExitCode.Inconsistent]: 'history inconsistent',
  [ExitCode.SqlFailed]: 'delta failed',
  [ExitCode.Locked]: 'locked',
  [ExitCode.ChangedThenFailed]: 'failed after changes',
  [ExitCode.Interrupted]: 'interrupted',
  [ExitCode.Internal]: 'internal error',
};

/**
 * The status column: `upgraded`, `up to date`, `upgraded by another run`, `dry run: 2 file(s) would run`,
 * `not started`, or what failed with its exit code (`delta failed (exit 5)`).
 */
export function statusText(result: TargetResult): string {
  if (!result.started) return 'not started';
  if (result.exitCode !== ExitCode.Ok)
    return `${FAILURES[result.exitCode] ?? 'failed'} (exit ${result.exitCode})`;
  if (result.dryRun)
    return result.wouldRun === undefined ? 'dry run' : `dry run: ${result.wouldRun} file(s) would run`;
  if (result.otherRun) return 'upgraded by another run';
  return result.applied > 0 ? 'upgraded' : 'up to date';
}
