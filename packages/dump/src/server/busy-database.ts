/**
 * Running `CREATE DATABASE … TEMPLATE x` or `DROP DATABASE x`, which the server refuses
 * (SQLSTATE 55006) while other sessions are connected to `x`. Background workers that come
 * and go (autovacuum) are waited for briefly; client sessions make a clear error naming them.
 */

import { PumError, PumErrorCode } from '@pum/core';
import type pg from 'pg';
import { sqlError } from './open-client.js';
import { databaseInUse, onlyTransient, sessionsOn } from './sessions.js';

const OBJECT_IN_USE = '55006';
const ATTEMPTS = 30;
const PAUSE_MS = 100;

const pause = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** What the statement does, for messages. */
export interface BusyStatement {
  /** The statement. */
  readonly sql: string;
  /** The database others must not be connected to. */
  readonly database: string;
  /** `copy it with CREATE DATABASE … TEMPLATE` */
  readonly action: string;
  /** What to do about other sessions. */
  readonly hint: string;
  readonly signal: AbortSignal | undefined;
  /**
   * Whether other client sessions make it fail (`false` for `DROP DATABASE … WITH (FORCE)`,
   * which terminates them).
   */
  readonly exclusive: boolean;
}

/**
 * Run a statement that needs `database` to be free of other sessions.
 *
 * @throws {@link PumError} `PUM_SQL_ERROR` naming the other sessions (pid, user, application,
 *   address) when they stay connected; `PUM_SQL_ERROR` for other server errors;
 *   `PUM_ABORTED` when the signal fires.
 */
export async function runOnFreeDatabase(client: pg.Client, statement: BusyStatement): Promise<void> {
  if (statement.exclusive) {
    // The server itself waits 5 s for other sessions before refusing: say who at once instead.
    const sessions = await sessionsOn(client, statement.database);
    if (sessions.length > 0 && !onlyTransient(sessions)) {
      throw databaseInUse(statement.database, statement.action, sessions, { hint: statement.hint });
    }
  }
  for (let attempt = 1; ; attempt++) {
    if (statement.signal?.aborted) {
      throw new PumError(PumErrorCode.Aborted, `${statement.action} was cancelled`, {
        cause: statement.signal.reason,
      });
    }
    try {
      await client.query(statement.sql);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== OBJECT_IN_USE)
        throw sqlError(error, `cannot ${statement.action}`);
      const sessions = await sessionsOn(client, statement.database);
      if (attempt < ATTEMPTS && onlyTransient(sessions)) {
        await pause(PAUSE_MS, statement.signal);
        continue;
      }
      throw databaseInUse(statement.database, statement.action, sessions, {
        cause: error,
        hint: statement.hint,
      });
    }
  }
}
