/**
 * The one place where failures become a message and an exit code. A `PumError` (a user
 * mistake or an environment problem) prints one clear line, plus its hint; anything else is a
 * bug and prints its stack.
 */
import { isPumError, type PumError, PumErrorCode } from '@pum/core';
import { ExitCode } from './exit-codes.js';
import { type CliIo, colorsFor } from './io.js';

const EXIT_CODE_BY_ERROR: Partial<Record<PumErrorCode, ExitCode>> = {
  [PumErrorCode.ChecksumMismatch]: ExitCode.Inconsistent,
  [PumErrorCode.HistoryInconsistent]: ExitCode.Inconsistent,
  [PumErrorCode.SqlError]: ExitCode.SqlFailed,
  [PumErrorCode.DeltaFailed]: ExitCode.SqlFailed,
  [PumErrorCode.LockTimeout]: ExitCode.Locked,
  [PumErrorCode.Aborted]: ExitCode.Interrupted,
};

/**
 * The exit code of a {@link PumError}: its entry in the table, else {@link ExitCode.Usage} —
 * except that an error which says it changed something never gets "nothing was changed"
 * ({@link ExitCode.ChangedThenFailed} instead).
 */
export function exitCodeOf(error: PumError): ExitCode {
  const code = EXIT_CODE_BY_ERROR[error.code] ?? ExitCode.Usage;
  return code === ExitCode.Usage && error.changed.length > 0 ? ExitCode.ChangedThenFailed : code;
}

/** The lines that say what a failed command had changed, or that it changed nothing. */
function changedLines(error: PumError, c: ReturnType<typeof colorsFor>): string[] {
  if (error.changed.length === 0) return [];
  return [
    `${c.yellow('changed')} before the failure (committed, not rolled back):`,
    ...error.changed.map((line) => `  - ${line}`),
  ];
}

/** The SQL position caret for server errors that carry the failing statement. */
function sqlCaret(error: PumError): string | undefined {
  const { statement, position } = error.details as { statement?: unknown; position?: unknown };
  if (typeof statement !== 'string' || typeof position !== 'number' || position < 1) return undefined;
  const before = statement.slice(0, position - 1);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = statement.indexOf('\n', position - 1);
  const line = statement.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return `  ${line}\n  ${' '.repeat(position - 1 - lineStart)}^`;
}

/**
 * Report `error` on stderr and return the exit code to use.
 *
 * @example
 * ```ts
 * try { await command(); } catch (error) { return reportError(error, io); }
 * ```
 */
export function reportError(error: unknown, io: CliIo): ExitCode {
  const c = colorsFor(io.stderr, io.env);
  if (isPumError(error)) {
    const lines = [`${c.red('error')} ${error.message} ${c.dim(`(${error.code})`)}`];
    const caret = sqlCaret(error);
    if (caret) lines.push(caret);
    lines.push(...changedLines(error, c));
    if (error.hint) lines.push(`${c.cyan('hint')}  ${error.hint}`);
    io.stderr.write(`${lines.join('\n')}\n`);
    return exitCodeOf(error);
  }
  if (io.signal?.aborted) {
    // Whatever a library threw while stopping for Ctrl-C, the user interrupted: not a bug.
    io.stderr.write(`${c.red('interrupted')} ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Interrupted;
  }
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  io.stderr.write(
    `${c.red('internal error')} pum failed unexpectedly. This is a bug: please report it with the text below.\n${stack}\n`,
  );
  return ExitCode.Internal;
}
