/**
 * The connection this package is given, and how it reaches a child process: everything
 * libpq can read from the environment goes there (the password in `PGPASSWORD`), and only
 * non-secret keywords without a `PG*` variable go into the `--dbname` conninfo argument.
 */

import {
  type ConnectionKeyword,
  childEnvironment,
  connectionKeywords,
  type ResolvedConnection,
  toConninfo,
} from '@pum/connect';

/**
 * A resolved connection, as `resolveConnection()` of `@pum/connect` returns it. Only these
 * members are used (`passwordSearch` only to say where a missing password was looked for), so a
 * hand-made object with them works too.
 *
 * @example
 * ```ts
 * import { resolveConnection } from '@pum/connect';
 * const connection: DumpConnection = resolveConnection('qwat_prod', { env: process.env });
 * ```
 */
export type DumpConnection = Pick<
  ResolvedConnection,
  'parameters' | 'clientConfig' | 'childEnv' | 'describe'
> &
  Partial<Pick<ResolvedConnection, 'passwordSearch'>>;

// Never on a command line, and libpq has no environment variable for them.
const SECRET: ReadonlySet<ConnectionKeyword> = new Set(['password', 'sslpassword', 'oauth_client_secret']);

/** The keywords that must travel on the command line: set, without a `PG*` variable, not secret. */
function commandLineKeywords(connection: Pick<DumpConnection, 'parameters'>): ConnectionKeyword[] {
  return (Object.keys(connection.parameters) as ConnectionKeyword[]).filter(
    (keyword) =>
      connection.parameters[keyword] !== undefined &&
      connectionKeywords[keyword] === undefined &&
      !SECRET.has(keyword),
  );
}

/**
 * The `--dbname=` argument of a child: a conninfo string with the database name and the
 * keywords libpq cannot take from the environment (`keepalives`, …), never a password.
 */
export function dbnameArgument(connection: Pick<DumpConnection, 'parameters'>): string {
  const parameters: Record<string, string> = {};
  const dbname = connection.parameters.dbname;
  if (dbname !== undefined) parameters.dbname = dbname;
  for (const keyword of commandLineKeywords(connection)) {
    parameters[keyword] = connection.parameters[keyword] as string;
  }
  return `--dbname=${toConninfo({ parameters })}`;
}

/** Secret parameters that cannot reach a child at all (libpq reads them from nowhere else). */
export function unpassableSecrets(connection: Pick<DumpConnection, 'parameters'>): ConnectionKeyword[] {
  return (['sslpassword', 'oauth_client_secret'] as const).filter(
    (keyword) => connection.parameters[keyword] !== undefined,
  );
}

// Variables that choose the language of messages; ours must stay English to be parsed.
const MESSAGE_LOCALE_VARIABLES = ['LC_ALL', 'LANGUAGE'];

/**
 * The environment of a child process: `baseEnv` without inherited libpq connection variables,
 * plus the connection's `PG*` variables (password in `PGPASSWORD`), with messages in English
 * (`LC_MESSAGES=C`) so that progress and errors can be read.
 */
export function toolEnvironment(
  connection: Pick<DumpConnection, 'childEnv'> | undefined,
  baseEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env = childEnvironment(connection ?? { childEnv: {} }, baseEnv);
  for (const name of Object.keys(env)) {
    if (MESSAGE_LOCALE_VARIABLES.includes(name.toUpperCase())) delete env[name];
  }
  env.LC_MESSAGES = 'C';
  return env;
}

/** The values that must never appear in messages: the connection's secrets. */
export function secretsOf(connection: Pick<DumpConnection, 'parameters'>): string[] {
  return [...SECRET].map((keyword) => connection.parameters[keyword]).filter((v): v is string => !!v);
}

/**
 * The same connection, to another database of the same server (for `CREATE DATABASE`, which
 * must not run from the database it copies).
 */
export function withDatabase(connection: DumpConnection, dbname: string): DumpConnection {
  return {
    parameters: { ...connection.parameters, dbname },
    clientConfig: { ...connection.clientConfig, database: dbname },
    childEnv: { ...connection.childEnv, PGDATABASE: dbname },
    describe: () => replaceDatabaseInUrl(connection.describe(), dbname),
  };
}

/** `postgresql://me@db:5432/qwat?sslmode=require` with another database name. */
function replaceDatabaseInUrl(url: string, dbname: string): string {
  const match = /^(postgresql:\/\/[^/]*\/)([^?]*)(.*)$/.exec(url);
  return match ? `${match[1]}${encodeURIComponent(dbname)}${match[3]}` : `${url} (database ${dbname})`;
}
