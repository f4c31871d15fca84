/**
 * Waiting for the server's state instead of guessing delays: tests that kill or interrupt a run
 * poll `pg_stat_activity` until the statement they aim at is running (or a session has ended).
 */
import type pg from 'pg';

/** How long to wait for the server at most: generous, the machine may be loaded. */
const PATIENCE_MS = 120_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The pid of the session running a query that matches `like` (an SQL `LIKE` pattern), once it
 * runs (waiting on a lock when `waiting`).
 */
export async function statementRunning(client: pg.Client, like: string, waiting = false): Promise<number> {
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()
         AND (NOT $2 OR wait_event_type = 'Lock')`,
      [like, waiting],
    );
    if (rows[0]) return rows[0].pid;
    await pause(20);
  }
  throw new Error(`no session ran a query like ${JSON.stringify(like)} within ${PATIENCE_MS} ms`);
}

/**
 * The pid of a session waiting for the advisory lock `(key1, key2)` (as taken by
 * `pg_advisory_lock(key1, key2)` and its kin), once one waits. Unlike a query's text, which
 * `pg_stat_activity` cuts after 1 kB, a lock names what a session waits for wherever it is in a
 * long message.
 */
export async function advisoryLockWaiter(client: pg.Client, key1: number, key2: number): Promise<number> {
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline) {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_catalog.pg_locks
       WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2
         AND NOT granted AND pid <> pg_backend_pid()`,
      [key1, key2],
    );
    if (rows[0]) return rows[0].pid;
    await pause(20);
  }
  throw new Error(`no session waited for the advisory lock (${key1}, ${key2}) within ${PATIENCE_MS} ms`);
}

/** Until the session `pid` has ended. */
export async function sessionEnded(client: pg.Client, pid: number): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS;
  while (Date.now() < deadline) {
    const { rows } = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows.length === 0) return;
    await pause(20);
  }
  throw new Error(`session ${pid} still runs after ${PATIENCE_MS} ms`);
}
