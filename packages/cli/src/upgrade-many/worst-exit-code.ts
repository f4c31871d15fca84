/**
 * The exit code of a run over several databases: the worst of theirs, by an order of severity
 * (the README lists it): what changed a database and then failed is worse than what changed
 * nothing, and an unexplained failure worst of all.
 */
import { ExitCode } from '../exit-codes.js';

/**
 * The exit codes from least to most severe: success; pending, differences, incomplete plans;
 * locked (retry later, nothing changed); bad input or connection (nothing changed); inconsistent
 * history (nothing changed, someone must look); a failed delta (the database stays at the last
 * completed one); a failure after changes; interrupted; a bug.
 */
export const EXIT_CODE_SEVERITY: readonly ExitCode[] = [
  ExitCode.Ok,
  ExitCode.Pending,
  ExitCode.Differences,
  ExitCode.PlanIncomplete,
  ExitCode.Locked,
  ExitCode.Usage,
  ExitCode.Inconsistent,
  ExitCode.SqlFailed,
  ExitCode.ChangedThenFailed,
  ExitCode.Interrupted,
  ExitCode.Internal,
];

/**
 * The most severe of `codes` ({@link EXIT_CODE_SEVERITY}); 0 for none.
 *
 * @example
 * ```ts
 * worstExitCode([0, 6, 5, 0]); // 5: a failed delta is worse than a lock
 * ```
 */
export function worstExitCode(codes: Iterable<ExitCode>): ExitCode {
  let worst: ExitCode = ExitCode.Ok;
  for (const code of codes)
    if (EXIT_CODE_SEVERITY.indexOf(code) > EXIT_CODE_SEVERITY.indexOf(worst)) worst = code;
  return worst;
}

/** The codes that say nothing was changed: a run that changed some database never ends with them. */
const NOTHING_CHANGED: readonly ExitCode[] = [ExitCode.Locked, ExitCode.Usage, ExitCode.Inconsistent];

/**
 * The exit code of a run over several databases: the worst of theirs, except that a code saying
 * nothing was changed (6, 2, 4) becomes {@link ExitCode.ChangedThenFailed} when another database
 * was upgraded — exit 2 is never used once something was changed; the summary lists what was.
 *
 * @example
 * ```ts
 * runExitCode([0, 2], true);  // 8: one database upgraded, another unreachable
 * runExitCode([0, 2], false); // 2: nothing changed anywhere
 * ```
 */
export function runExitCode(codes: Iterable<ExitCode>, changedSome: boolean): ExitCode {
  const worst = worstExitCode(codes);
  return changedSome && NOTHING_CHANGED.includes(worst) ? ExitCode.ChangedThenFailed : worst;
}
