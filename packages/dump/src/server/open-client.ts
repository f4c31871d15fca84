/**
 * The few connections this package opens itself: to learn the server's version, to read the
 * target's extensions, and to run `CREATE DATABASE` / `DROP DATABASE`. Failures become one
 * clear `PumError` naming the server (never the password).
 */

import { guardedClientConfig } from '@pum/connect';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import pg from 'pg';
import type { DumpConnection } from '../connection.js';
import { serverMajorFromNum } from '../tools/tool-version.js';

const AUTHENTICATION_FAILED = new Set(['28P01', '28000']);

/**
 * The error for a connection that could not be opened.
 *
 * @example
 * ```ts
 * throw connectionError(error, connection.describe());
 * ```
 */
export function connectionError(error: unknown, label: string): PumError {
  // Ours already (the server asked for a password none was given): it says more.
  if (isPumError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as Error | null)?.message ?? String(error);
  if (typeof code === 'string' && AUTHENTICATION_FAILED.has(code)) {
    return new PumError(PumErrorCode.AuthenticationFailed, `cannot log in to ${label}: ${message}`, {
      cause: error,
      hint: 'check the user and password (URL, service file, ~/.pgpass or PGPASSWORD)',
    });
  }
  return new PumError(PumErrorCode.ConnectionFailed, `cannot connect to ${label}: ${message}`, {
    cause: error,
    hint:
      code === '3D000'
        ? 'create the database first, or check its name'
        : 'is the server running and reachable? check host, port and sslmode',
  });
}

/** Open a client on `connection`; the caller ends it. */
export async function openClient(connection: DumpConnection): Promise<pg.Client> {
  const client = new pg.Client(guardedClientConfig(connection) as pg.ClientConfig);
  // A connection that dies while idle must not crash the process with an 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(error, connection.describe());
  }
  return client;
}

/** Run `fn` with a client on `connection`, always closed afterwards. */
export async function withClient<T>(
  connection: DumpConnection,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await openClient(connection);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The server's major version (`15`, `9.6`). */
export async function readServerMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ num: string }>("select current_setting('server_version_num') as num");
  return serverMajorFromNum(Number(rows[0]?.num));
}

/** A server error as a `PUM_SQL_ERROR`, the server's error kept as `cause`. */
export function sqlError(error: unknown, what: string): PumError {
  const message = (error as Error | null)?.message ?? String(error);
  return new PumError(PumErrorCode.SqlError, `${what}: ${message}`, {
    cause: error,
    details: { sqlstate: (error as { code?: unknown } | null)?.code },
  });
}
