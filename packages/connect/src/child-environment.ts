/**
 * The environment of child processes (pg_dump, pg_restore, psql, command hooks). The
 * connection travels in `PG*` variables, the password only in `PGPASSWORD`, never on the
 * command line where `ps` and `/proc/<pid>/cmdline` show it to every local user.
 */

import {
  type ConnectionKeyword,
  type ConnectionParameters,
  connectionKeywords,
  extraConnectionVariables,
  keywordOrder,
} from './keywords.js';

// The service is already resolved: a child must not look it up again, maybe elsewhere.
const NOT_PASSED_ON: ReadonlySet<ConnectionKeyword> = new Set(['service', 'servicefile']);

const CONNECTION_VARIABLES: ReadonlySet<string> = new Set([
  ...Object.values(connectionKeywords).filter((name): name is NonNullable<typeof name> => name !== undefined),
  ...extraConnectionVariables,
]);

/**
 * The `PG*` variables that make libpq connect as `parameters` say (no service lookup).
 * Keywords without an environment variable (`keepalives`, `sslpassword`, …) cannot be
 * passed this way; {@link toConninfo} can carry them.
 */
export function libpqEnvironment(parameters: ConnectionParameters): Record<string, string> {
  const env: Record<string, string> = {};
  for (const keyword of keywordOrder) {
    const variable = connectionKeywords[keyword];
    const value = parameters[keyword];
    if (variable === undefined || value === undefined || NOT_PASSED_ON.has(keyword)) continue;
    env[variable] = value;
  }
  return env;
}

/** Whether a variable name is one libpq reads to choose or authenticate a connection. */
export function isConnectionVariable(name: string): boolean {
  return CONNECTION_VARIABLES.has(name.toUpperCase());
}

/**
 * The full environment for a child process: `baseEnv` without any inherited libpq
 * connection variable (`PGHOST`, `PGSERVICE`, `PGSERVICEFILE`, `PGPASSWORD`, …), plus the
 * resolved connection's `childEnv`. Other variables (`PATH`, `PGTZ`, `PGSYSCONFDIR`, …)
 * pass through; `undefined` values are dropped.
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * const connection = resolveConnection('qwat_prod', { env: process.env });
 * spawn('pg_dump', ['--format=custom', '--file=qwat.backup'], {
 *   env: childEnvironment(connection, process.env),
 * });
 * ```
 */
export function childEnvironment(
  connection: { readonly childEnv: Readonly<Record<string, string>> },
  baseEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(baseEnv)) {
    if (value === undefined || isConnectionVariable(name)) continue;
    env[name] = value;
  }
  return Object.assign(env, connection.childEnv);
}
