/**
 * Who else is connected to a database: `CREATE DATABASE … TEMPLATE` and `DROP DATABASE`
 * refuse to run while anyone is, and the error should say who.
 */

import { PumError, PumErrorCode, type Queryable } from '@pum/core';

/**
 * A session connected to a database, from `pg_stat_activity`.
 *
 * @example
 * ```ts
 * const session: DatabaseSession = {
 *   pid: 4242, user: 'qgis', application: 'QGIS', clientAddress: '10.0.0.7', backendType: 'client backend',
 *   state: 'idle', since: '2025-01-01T08:00:00.000Z',
 * };
 * ```
 */
export interface DatabaseSession {
  readonly pid: number;
  /** `null` when the server does not show it to us. */
  readonly user: string | null;
  readonly application: string | null;
  /** `null` for a Unix-socket connection or when hidden. */
  readonly clientAddress: string | null;
  /** `client backend`, `autovacuum worker`, … */
  readonly backendType: string | null;
  readonly state: string | null;
  /** When the session started (ISO 8601). */
  readonly since: string | null;
}

/** The sessions connected to database `name`, except the caller's own. */
export async function sessionsOn(db: Queryable, name: string): Promise<DatabaseSession[]> {
  const { rows } = await db.query<{
    pid: number;
    user: string | null;
    application: string | null;
    client_address: string | null;
    backend_type: string | null;
    state: string | null;
    since: Date | null;
  }>(
    `select pid, usename as user, nullif(application_name, '') as application,
            host(client_addr) as client_address, backend_type, state, backend_start as since
       from pg_catalog.pg_stat_activity
      where datname = $1 and pid <> pg_catalog.pg_backend_pid()
      order by backend_start, pid`,
    [name],
  );
  return rows.map((row) => ({
    pid: row.pid,
    user: row.user,
    application: row.application,
    clientAddress: row.client_address,
    backendType: row.backend_type,
    state: row.state,
    since: row.since ? new Date(row.since).toISOString() : null,
  }));
}

/**
 * One line per session: `pid 4242, user qgis, application "QGIS", from 10.0.0.7, idle since …`.
 *
 * @example
 * ```ts
 * describeSession(session); // 'pid 4242, user "qgis", application "QGIS", from 10.0.0.7, idle since 2025-01-01T08:00:00.000Z'
 * ```
 */
export function describeSession(session: DatabaseSession): string {
  const parts = [`pid ${session.pid}`];
  if (session.user !== null) parts.push(`user ${JSON.stringify(session.user)}`);
  parts.push(
    session.application === null
      ? 'no application name'
      : `application ${JSON.stringify(session.application)}`,
  );
  if (session.clientAddress !== null) parts.push(`from ${session.clientAddress}`);
  if (session.backendType !== null && session.backendType !== 'client backend')
    parts.push(session.backendType);
  if (session.state !== null)
    parts.push(session.since ? `${session.state} since ${session.since}` : session.state);
  return parts.join(', ');
}

/** Sessions that only come and go (autovacuum, …): worth waiting for, not worth an error. */
export function onlyTransient(sessions: readonly DatabaseSession[]): boolean {
  return sessions.every((s) => s.backendType !== null && s.backendType !== 'client backend');
}

/**
 * The error for a database others are connected to.
 *
 * @example
 * ```ts
 * throw databaseInUse('qwat_prod', 'copy it with CREATE DATABASE … TEMPLATE', sessions, { hint: '…' });
 * ```
 */
export function databaseInUse(
  name: string,
  action: string,
  sessions: readonly DatabaseSession[],
  options: { cause?: unknown; hint: string },
): PumError {
  const what =
    sessions.length === 0
      ? 'it was in use by other sessions, which have disconnected since: try again'
      : `${sessions.length === 1 ? '1 other session is' : `${sessions.length} other sessions are`} connected to it:\n  ${sessions.map(describeSession).join('\n  ')}`;
  // The server refused the statement (SQLSTATE 55006, object in use): an SQL error, explained.
  return new PumError(
    PumErrorCode.SqlError,
    `cannot ${action}: database ${JSON.stringify(name)} is in use, ${what}`,
    {
      cause: options.cause,
      hint: options.hint,
      details: { database: name, sqlstate: '55006', sessions },
    },
  );
}
