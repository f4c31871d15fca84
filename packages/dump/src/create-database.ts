/**
 * `createDatabase`: an empty database beside another — a scratch copy's home, or a reference
 * built fresh — with the extensions it needs.
 */

import { type Logger, PumError, PumErrorCode, type Queryable, quoteIdent, quoteLiteral } from '@pum/core';
import { type DumpConnection, withDatabase } from './connection.js';
import { databaseName, maintenanceDatabaseFor } from './drop-database.js';
import { sqlError, withClient } from './server/open-client.js';
import { loggerOf, throwIfAborted } from './tool-context.js';

/**
 * Options of {@link createDatabase}.
 *
 * @example
 * ```ts
 * const options: CreateDatabaseOptions = { connection: resolveConnection('qwat_ref'), extensions: ['postgis'] };
 * ```
 */
export interface CreateDatabaseOptions {
  /** A connection naming the database to create (its `dbname`), on the server to create it on. */
  readonly connection: DumpConnection;
  /** The template. Default: the server's (`template1`). */
  readonly template?: string | undefined;
  /** Extensions to create in it (`CREATE EXTENSION IF NOT EXISTS`), e.g. `['postgis']`. */
  readonly extensions?: readonly string[] | undefined;
  /**
   * A comment set on it right after it is created (`COMMENT ON DATABASE`), e.g. the mark of a
   * scratch database ({@link formatScratchMark}). Default none.
   */
  readonly comment?: string | undefined;
  /** The database connected to for `CREATE DATABASE`. Default `postgres`. */
  readonly maintenanceDatabase?: string | undefined;
  readonly logger?: Logger | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Create an empty database, then the extensions asked for in it. When an extension cannot be
 * created, the new database is dropped again.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when it exists already; `PUM_SQL_ERROR` when
 *   the server refuses (no `CREATEDB` right, an extension not installed or needing a superuser);
 *   `PUM_CONNECTION_FAILED` / `PUM_AUTHENTICATION_FAILED`; `PUM_ABORTED`.
 * @example
 * ```ts
 * await createDatabase({ connection: resolveConnection('postgres://localhost/wn_ref'), extensions: ['postgis'] });
 * ```
 */
export async function createDatabase(options: CreateDatabaseOptions): Promise<void> {
  const name = databaseName(options.connection, 'created');
  const maintenance = withDatabase(
    options.connection,
    maintenanceDatabaseFor(name, options.maintenanceDatabase),
  );
  throwIfAborted(options.signal, `creating database ${JSON.stringify(name)}`);
  await withClient(maintenance, async (client) => {
    const exists = await client.query('select 1 from pg_catalog.pg_database where datname = $1', [name]);
    if ((exists.rowCount ?? 0) > 0) {
      throw new PumError(PumErrorCode.InvalidArgument, `database ${JSON.stringify(name)} exists already`, {
        hint: 'choose another name, or drop it first',
        details: { database: name },
      });
    }
    const template = options.template === undefined ? '' : ` TEMPLATE ${quoteIdent(options.template)}`;
    loggerOf(options).info(`creating database ${JSON.stringify(name)}`);
    await client.query(`CREATE DATABASE ${quoteIdent(name)}${template}`).catch((error) => {
      throw sqlError(error, `cannot create database ${JSON.stringify(name)}`);
    });
    if (options.comment !== undefined) {
      await commentOnDatabase(client, name, options.comment).catch(async (error) => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`).catch(() => {});
        throw error;
      });
    }
  });
  const extensions = options.extensions ?? [];
  if (extensions.length === 0) return;
  try {
    await withClient(options.connection, async (client) => {
      for (const extension of extensions) {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension)}`).catch((error) => {
          throw sqlError(error, `cannot create extension ${extension} in ${JSON.stringify(name)}`);
        });
      }
    });
  } catch (error) {
    await withClient(maintenance, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`),
    ).catch(() => {});
    throw error;
  }
}

/**
 * Set the comment of database `name` (its mark, for scratch databases).
 *
 * @throws {@link PumError} `PUM_SQL_ERROR` when the server refuses.
 */
export async function commentOnDatabase(client: Queryable, name: string, comment: string): Promise<void> {
  await client
    .query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(comment)}`)
    .catch((error: unknown) => {
      throw sqlError(error, `cannot mark database ${JSON.stringify(name)}`);
    });
}
