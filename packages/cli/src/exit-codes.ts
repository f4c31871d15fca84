/**
 * The exit codes of every `pum` command, in one table (the README shows the same table).
 * Scripts and CI rely on them: never renumber.
 */
export const ExitCode = {
  /** Success; for `check`, no differences. */
  Ok: 0,
  /** `check` / `test-and-upgrade` found differences. */
  Differences: 1,
  /** Usage error, bad input, unreachable server, missing file: nothing was changed. */
  Usage: 2,
  /** `info`: deltas are pending. */
  Pending: 3,
  /** `info` / `upgrade`: applied deltas were changed, or history is inconsistent. */
  Inconsistent: 4,
  /**
   * A delta failed (an SQL statement, a code delta that threw, a command hook that exited
   * non-zero); the database stays at the last completed delta.
   */
  SqlFailed: 5,
  /** Another run holds the lock and the deadline passed. */
  Locked: 6,
  /**
   * `diff`: the plan does not reach the target — destructive steps withheld, changes pum cannot
   * plan, or `--verify` found the migrated copy still different.
   */
  PlanIncomplete: 7,
  /**
   * The command failed after it had changed a database (a restore that created some tables,
   * a hook that failed after its delta committed…): the message lists what was changed.
   * Exit 2 is never used once something was changed.
   */
  ChangedThenFailed: 8,
  /** An unexpected internal error (a bug in pum: please report it with the stack trace). */
  Internal: 70,
  /** Interrupted (Ctrl-C or an aborted signal). */
  Interrupted: 130,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
