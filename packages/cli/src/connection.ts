/**
 * Opening connections for commands: what the user typed → `@pum/connect` → a connected
 * `pg.Client`, with failures turned into one clear `PumError`.
 */
import { homedir, userInfo } from 'node:os';
import {
  type ConnectionOverrides,
  guardedClientConfig,
  isMissingPasswordError,
  type ResolvedConnection,
  resolveConnection,
  withPassword,
} from '@pum/connect';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import pg from 'pg';
import type { CliIo } from './io.js';
import { askPassword, canAskPassword } from './password-prompt.js';

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
  // Ours already (no password found): it says more than "cannot connect".
  if (isPumError(error)) return error;
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
  let resolved = typeof input === 'object' ? input : resolveForCli(input, io);
  const label = resolved.describe();
  try {
    return { client: await connectClient(resolved), resolved, label };
  } catch (error) {
    // As psql: when the server wants a password none was found for, ask on a terminal, retry once.
    if (!isMissingPasswordError(error) || !canAskPassword(io)) throw connectionError(error, label);
    const password = await askPassword(io, `Password for user ${resolved.parameters.user}: `);
    if (!password) throw connectionError(error, label);
    resolved = withPassword(resolved, password);
  }
  try {
    return { client: await connectClient(resolved), resolved, label };
  } catch (error) {
    throw connectionError(error, label);
  }
}

/**
 * `resolved`, proven to log in, for commands whose connections are opened by a library or a
 * child program (pg_dump), which cannot ask: when no password is known, one connection is
 * tried first, so that a server asking for one gets the prompt on a terminal (as psql) or,
 * elsewhere, the error that says where pum looked. With a password known, `resolved` as it is.
 */
export async function withAskedPassword(
  resolved: ResolvedConnection,
  io: CliIo,
): Promise<ResolvedConnection> {
  if (resolved.clientConfig.password !== undefined) return resolved;
  const opened = await openConnection(resolved, io);
  await opened.client.end().catch(() => {});
  return opened.resolved;
}

/** Connect a client with what was resolved; the server asking for a missing password fails clearly. */
async function connectClient(resolved: ResolvedConnection): Promise<pg.Client> {
  const client = new pg.Client({
    connectionTimeoutMillis: 15_000,
    ...guardedClientConfig(resolved),
  });
  // An idle connection that dies must not crash the process with an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}
