/**
 * The server asked for a password and none was found: the error that says where pum looked,
 * and how a caller that found one later (a prompt, as psql's) connects with it.
 */
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import { libpqEnvironment } from './child-environment.js';
import type { ResolvedConnection } from './resolve-connection.js';

/** What {@link missingPasswordError} and {@link guardedClientConfig} need of a connection. */
export type PasswordContext = Pick<ResolvedConnection, 'clientConfig'> &
  Partial<Pick<ResolvedConnection, 'passwordSearch'>>;

/**
 * The error for a server that asked for a password when none was found: it names the user, the
 * server and database, and every place looked in ({@link ResolvedConnection.passwordSearch})
 * when the connection says where it looked.
 *
 * @example
 * ```ts
 * throw missingPasswordError(resolved);
 * ```
 */
export function missingPasswordError(resolved: PasswordContext): PumError {
  const { user, host, port, database } = resolved.clientConfig;
  const where = `${host}:${port}/${database}`;
  const searched = resolved.passwordSearch ?? [];
  const looked =
    searched.length > 0 ? `none was found; pum looked in: ${searched.join(', ')}` : 'the connection has none';
  return new PumError(
    PumErrorCode.AuthenticationFailed,
    `the server asked for a password for user ${user} at ${where} and ${looked}`,
    {
      hint: 'give it in ~/.pgpass (mode 0600), the service file or PGPASSWORD, or run pum in a terminal to be asked for it',
      details: { passwordMissing: true, user, host, port, database, searched: [...searched] },
    },
  );
}

/**
 * The options of a `pg` client for `resolved`: its `clientConfig`, with a password that, when
 * none was resolved, fails with {@link missingPasswordError} should the server ask for one —
 * never `pg`'s own fallbacks (its process's `PGPASSWORD`, `~/.pgpass`), which could belong to
 * another database than the one resolved.
 *
 * @example
 * ```ts
 * const client = new pg.Client({ connectionTimeoutMillis: 15_000, ...guardedClientConfig(resolved) });
 * ```
 */
export function guardedClientConfig(
  resolved: PasswordContext,
): Omit<ResolvedConnection['clientConfig'], 'password'> & { password: string | (() => string) } {
  const { password } = resolved.clientConfig;
  return {
    ...resolved.clientConfig,
    password:
      password ??
      (() => {
        throw missingPasswordError(resolved);
      }),
  };
}

/**
 * Whether `error` is (or was caused by) {@link missingPasswordError}: a caller that can ask
 * the user then retries with {@link withPassword}.
 */
export function isMissingPasswordError(error: unknown): error is PumError {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isPumError(e) && e.details.passwordMissing === true) return true;
  }
  return false;
}

/**
 * `resolved` with `password`, given by the user after the server asked for one: in
 * `parameters`, `clientConfig` and `childEnv` (`PGPASSWORD` for child processes).
 *
 * @example
 * ```ts
 * const retry = withPassword(resolved, await askUser(`Password for user ${resolved.parameters.user}: `));
 * await new pg.Client(retry.clientConfig).connect();
 * ```
 */
export function withPassword(resolved: ResolvedConnection, password: string): ResolvedConnection {
  const parameters = { ...resolved.parameters, password };
  return {
    ...resolved,
    parameters,
    sources: { ...resolved.sources, password: 'override' },
    clientConfig: { ...resolved.clientConfig, password },
    childEnv: libpqEnvironment(parameters),
    describe: resolved.describe,
  };
}
