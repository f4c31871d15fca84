/** A server error inside a delta file, as one PumError naming the file, line and column. */
import { PumError, PumErrorCode } from '@pum/core';
import { positionOf } from '../sql/position.js';

/**
 * Wrap a `pg` error raised while running `sql` (a whole file, or one statement of it starting
 * at `offset`) from the file at `path`.
 */
export function deltaSqlError(
  error: unknown,
  path: string,
  sql: string,
  offset = 0,
  fileText = sql,
): PumError {
  const e = error as {
    message?: string;
    code?: string;
    position?: string;
    detail?: string;
    hint?: string;
    where?: string;
  };
  const position = e.position ? Number(e.position) : undefined;
  const where = positionOf(fileText, position ? offset + position - 1 : offset);
  return new PumError(
    PumErrorCode.SqlError,
    `${path}:${where.line}:${where.column}: ${e.message ?? String(error)}${e.code ? ` (SQLSTATE ${e.code})` : ''}${e.detail ? `\n  detail: ${e.detail}` : ''}`,
    {
      cause: error,
      hint: e.hint,
      details: {
        path,
        line: where.line,
        column: where.column,
        sqlstate: e.code,
        detail: e.detail,
        // For the CLI's caret under the failing line.
        ...(position ? { statement: sql, position } : {}),
      },
    },
  );
}
