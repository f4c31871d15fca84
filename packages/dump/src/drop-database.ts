/** `dropDatabase`: the counterpart of a clone, for test databases. */

import { type Logger, PumError, PumErrorCode, quoteIdent } from '@pum/core';
import { type DumpConnection, withDatabase } from './connection.js';
import type { CreateDatabaseOptions } from './create-database.js';
import { runOnFreeDatabase } from './server/busy-database.js';
import { readServerMajor, withClient } from './server/open-client.js';
import { loggerOf, throwIfAborted } from './tool-context.js';

/**
 * Options of {@link dropDatabase}.
 *
 * @example
 * ```ts
 * const options: DropDatabaseOptions = { connection: resolveConnection('qwat_test'), force: true };
 * ```
 */
export interface DropDatabaseOptions {
  /** A connection to the database to drop (its `dbname` names it; it is not connected to). */
  readonly connection: DumpConnection;
  /**
   * Terminate the sessions connected to it (`WITH (FORCE)`). Default `false`: other sessions
   * make the drop fail with an error naming them.
   */
  readonly force?: boolean | undefined;
  /**
   * Drop it only when its comment is exactly this — the mark written when it was made
   * ({@link CreateDatabaseOptions.comment}) — so that a database someone else made under the
   * same name is never dropped. Default: no check.
   */
  readonly expectedComment?: string | undefined;
  /** Succeed when it does not exist. Default `true`. */
  readonly ifExists?: boolean | undefined;
  /**
   * The database connected to for `DROP DATABASE`. Default `postgres` (`template1` when
   * dropping `postgres`).
   */
  readonly maintenanceDatabase?: string | undefined;
  readonly logger?: Logger | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * What {@link dropDatabase} did.
 *
 * @example
 * ```ts
 * const { dropped } = await dropDatabase({ connection });
 * ```
 */
export interface DropDatabaseResult {
  /** `false` when it did not exist. */
  readonly dropped: boolean;
}

/** The database to connect to for statements about `name`, which must not be `name` itself. */
export function maintenanceDatabaseFor(name: string, given: string | undefined): string {
  if (given !== undefined) return given;
  return name === 'postgres' ? 'template1' : 'postgres';
}

/** The database a connection names, or an error. */
export function databaseName(connection: DumpConnection, role: string): string {
  const name = connection.parameters.dbname;
  if (name === undefined || name === '') {
    throw new PumError(PumErrorCode.InvalidArgument, `the ${role} connection names no database`);
  }
  return name;
}

/**
 * Drop a database, refusing clearly (who is connected) unless `force`.
 *
 * @throws {@link PumError} `PUM_SQL_ERROR` (other sessions are connected — pid, user,
 *   application — or the server refused), `PUM_INVALID_ARGUMENT` (it does not exist and
 *   `ifExists` is `false`, or its comment is not `expectedComment`), `PUM_AUTHENTICATION_FAILED` / `PUM_CONNECTION_FAILED`,
 *   `PUM_ABORTED`.
 * @example
 * ```ts
 * import { resolveConnection } from '@pum/connect';
 * import { dropDatabase } from '@pum/dump';
 *
 * await dropDatabase({ connection: resolveConnection('qwat_pum_test', { env: process.env }), force: true });
 * ```
 */
export async function dropDatabase(options: DropDatabaseOptions): Promise<DropDatabaseResult> {
  const name = databaseName(options.connection, 'dropped');
  const maintenance = withDatabase(
    options.connection,
    maintenanceDatabaseFor(name, options.maintenanceDatabase),
  );
  throwIfAborted(options.signal, `dropping database ${JSON.stringify(name)}`);
  return withClient(maintenance, async (client) => {
    const exists = await client.query<{ comment: string | null }>(
      `select pg_catalog.shobj_description(oid, 'pg_database') as comment
         from pg_catalog.pg_database where datname = $1`,
      [name],
    );
    if (exists.rowCount === 0) {
      if (options.ifExists === false) {
        throw new PumError(PumErrorCode.InvalidArgument, `database ${JSON.stringify(name)} does not exist`, {
          details: { database: name },
        });
      }
      return { dropped: false };
    }
    const comment = exists.rows[0]?.comment ?? null;
    if (options.expectedComment !== undefined && comment !== options.expectedComment) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `database ${JSON.stringify(name)} is not the one to drop: its comment is ${comment === null ? 'empty' : JSON.stringify(comment)}, not ${JSON.stringify(options.expectedComment)}`,
        {
          hint: 'it was made by someone else under the same name: it is left as it is',
          details: { database: name, comment },
        },
      );
    }
    const major = await readServerMajor(client);
    if (options.force && major < 13) {
      throw new PumError(
        PumErrorCode.Unsupported,
        `DROP DATABASE … WITH (FORCE) needs PostgreSQL 13, the server is ${major}`,
      );
    }
    loggerOf(options).info(`dropping database ${JSON.stringify(name)}${options.force ? ' (force)' : ''}`);
    await runOnFreeDatabase(client, {
      sql: `DROP DATABASE IF EXISTS ${quoteIdent(name)}${options.force ? ' WITH (FORCE)' : ''}`,
      database: name,
      action: `drop database ${JSON.stringify(name)}`,
      hint: 'close these sessions, or drop with force (which terminates them)',
      signal: options.signal,
      exclusive: !options.force,
    });
    return { dropped: true };
  });
}
