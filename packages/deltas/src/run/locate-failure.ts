/**
 * Finding which statement of a file failed when the server names no position (errors raised
 * while executing: a missing table in ALTER TABLE, a constraint violation…): the file ran as one
 * message, so it runs again statement by statement in a transaction that is rolled back, and
 * the statement that fails is reported.
 */
import type { PumError } from '@pum/core';
import type pg from 'pg';
import type { DeltaFile } from '../module/delta-file.js';
import type { Statement } from '../sql/split.js';
import { deltaSqlError } from './sql-error.js';

/**
 * Replay `statements` of `file` (whose SQL as sent is `sql`) in a rolled-back transaction and
 * return the first failure as a {@link PumError} naming `file:line:column`.
 *
 * `ours` are the statements sent after the file in the same message (the history row…): when the
 * file's statements all run again, they are replayed too, then the deferred constraints are
 * checked (as `COMMIT` would), and a failure there means the original error was not the file's:
 * it is returned as it came, as it would have been had they been sent on their own. Otherwise
 * the original error is reported against the file as a whole.
 */
export async function locateFailure(
  client: pg.ClientBase,
  file: DeltaFile,
  sql: string,
  statements: readonly Pick<Statement, 'text' | 'start'>[],
  original: unknown,
  ours: readonly string[] = [],
): Promise<unknown> {
  await client.query('ROLLBACK').catch(() => {});
  try {
    await client.query('BEGIN');
    for (const statement of statements) {
      try {
        await client.query(statement.text);
      } catch (error) {
        return deltaSqlError(error, file.path, statement.text, statement.start, sql);
      }
    }
    if (ours.length > 0) {
      try {
        for (const text of ours) await client.query(text);
        await client.query('SET CONSTRAINTS ALL IMMEDIATE');
      } catch {
        return original;
      }
    }
  } catch {
    // Could not replay: fall back to the error as it came.
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
  return deltaSqlError(original, file.path, sql);
}
