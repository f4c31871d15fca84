/**
 * The upgrade lock: a session-level advisory lock, taken with `pg_try_advisory_lock` polled
 * until a deadline, on the same connection that runs the deltas (a lock held on a second
 * connection deadlocks `CREATE INDEX CONCURRENTLY`). The key is derived from the history table,
 * so upgrades of different modules or tables do not wait for each other.
 */
import { PumError, PumErrorCode, qualifiedName } from '@pum/core';
import type pg from 'pg';
import type { TableName } from '../history/history-table.js';

const KEY_SQL = `pg_catalog.hashtextextended('pum upgrade lock ' || $1, 0)`;

/** Who holds the lock, for the error message. */
interface Holder {
  pid: number;
  application_name: string | null;
  usename: string | null;
  query: string | null;
  since: Date | null;
}

async function holderOf(client: pg.ClientBase, table: TableName): Promise<Holder | undefined> {
  const { rows } = await client.query<Holder>(
    `SELECT a.pid, a.application_name, a.usename, a.query, a.backend_start AS since
     FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted
       AND ((l.classid::bigint << 32) | l.objid::bigint) = ${KEY_SQL}
     LIMIT 1`,
    [qualifiedName(table.schema, table.name)],
  );
  return rows[0];
}

/** Options of {@link acquireUpgradeLock}. */
export interface LockOptions {
  /** How long to wait for another run to finish. Default 60 000 ms. */
  timeoutMs?: number;
  /** Time between attempts. Default 250 ms. */
  pollMs?: number;
  signal?: AbortSignal;
  /**
   * Called once when the lock is busy and we start waiting; a promise it returns is awaited
   * (it may query on the same client) before the next attempt.
   */
  onWait?: (holderPid: number | undefined) => unknown;
}

/**
 * Take the upgrade lock of `table` on `client`'s session; returns the function that releases it.
 *
 * @throws {@link PumError} `PUM_LOCK_TIMEOUT` naming the holder (pid, application, query, since);
 *   `PUM_ABORTED` when the signal fires before the lock is taken.
 */
export async function acquireUpgradeLock(
  client: pg.ClientBase,
  table: TableName,
  options: LockOptions = {},
): Promise<() => Promise<void>> {
  const name = qualifiedName(table.schema, table.name);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let waited = false;
  for (;;) {
    if (options.signal?.aborted) {
      throw new PumError(PumErrorCode.Aborted, `cancelled while waiting for the upgrade lock of ${name}`, {
        cause: options.signal.reason,
      });
    }
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_catalog.pg_try_advisory_lock(${KEY_SQL}) AS locked`,
      [name],
    );
    if (rows[0]?.locked) {
      return async () => {
        await client.query(`SELECT pg_catalog.pg_advisory_unlock(${KEY_SQL})`, [name]);
      };
    }
    if (!waited) {
      waited = true;
      await options.onWait?.((await holderOf(client, table))?.pid);
    }
    if (Date.now() >= deadline) {
      const holder = await holderOf(client, table);
      const who = holder
        ? `pid ${holder.pid}${holder.application_name ? ` (${holder.application_name})` : ''}${holder.usename ? ` as ${holder.usename}` : ''}, connected since ${holder.since?.toISOString()}, running: ${(holder.query ?? '').slice(0, 200)}`
        : 'a session that has just released it';
      throw new PumError(PumErrorCode.LockTimeout, `another upgrade of ${name} holds the lock: ${who}`, {
        hint: 'wait for it to finish, or raise --lock-timeout',
        details: holder ? { pid: holder.pid, application: holder.application_name, query: holder.query } : {},
      });
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(options.pollMs ?? 250, Math.max(0, deadline - Date.now()))),
    );
  }
}
