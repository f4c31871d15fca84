/**
 * Opening connections for commands: what the user typed → `@pum/connect` → a connected
 * `pg.Client`, with failures turned into one clear `PumError`.
 */
import { homedir, userInfo } from 'node:os';
import { type ConnectionOverrides, type ResolvedConnection, resolveConnection } from '@pum/connect';
import { PumError, PumErrorCode } from '@pum/core';
import pg from 'pg';
import type { CliIo } from './io.js';

/** An open connection and how to name it to the user (password masked). */
export interface OpenConnection {
  client: pg.Client;
  resolved: ResolvedConnection;
  label: string;
}

function osUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/**
 * Resolve what the user typed (URL, conninfo, service name, or nothing: the PG* environment);
 * `overrides` win over all of it (another database on the same server, say).
 */
export function resolveForCli(
  input: string | undefined,
  io: CliIo,
  overrides?: ConnectionOverrides,
): ResolvedConnection {
  const user = osUser();
  return resolveConnection(input, {
    env: io.env,
    applicationName: 'pum',
    homeDir: io.env.HOME ?? homedir(),
    ...(user === undefined ? {} : { osUser: user }),
    ...(overrides ? { overrides } : {}),
  });
}

const AUTH_FAILED = new Set(['28P01', '28000']);

/** Turn a failure to connect into a PumError naming the server. */
export function connectionError(error: unknown, label: string): PumError {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? String(error);
  if (typeof code === 'string' && AUTH_FAILED.has(code)) {
    return new PumError(PumErrorCode.AuthenticationFailed, `cannot log in to ${label}: ${message}`, {
      cause: error,
      hint: 'check the user and password (URL, service file, ~/.pgpass or PGPASSWORD)',
    });
  }
  if (code === '3D000') {
    return new PumError(PumErrorCode.ConnectionFailed, `cannot connect to ${label}: ${message}`, {
      cause: error,
      hint: 'create the database first, or check its name',
    });
  }
  return new PumError(PumErrorCode.ConnectionFailed, `cannot connect to ${label}: ${message}`, {
    cause: error,
    hint: 'is the server running and reachable? check host, port and sslmode',
  });
}

/**
 * Open a connection. The caller closes it.
 *
 * @throws {@link PumError} for an invalid connection string, an unknown service, an
 *   unreachable server or rejected credentials.
 */
export async function openConnection(
  input: string | undefined | ResolvedConnection,
  io: CliIo,
): Promise<OpenConnection> {
  const resolved = typeof input === 'object' ? input : resolveForCli(input, io);
  const label = resolved.describe();
  const client = new pg.Client({ connectionTimeoutMillis: 15_000, ...resolved.clientConfig });
  // An idle connection that dies must not crash the process with an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectionError(error, label);
  }
  return { client, resolved, label };
}
