/**
 * What we do to a running server over SQL: learn its version, make and drop databases, and
 * make the PostGIS template. Used by the process that started the server and by test workers,
 * which know only its URL.
 */

import { randomBytes } from 'node:crypto';
import { quoteIdent } from '@pum/core';
import { parsePostgresVersion } from '@pum/server';
import pg from 'pg';
import { TestPostgresError } from './errors.js';

/** The name of the template database with the `postgis` extension. */
export const POSTGIS_TEMPLATE = 'pum_template_postgis';

/** What a server says about itself. */
export interface ServerFacts {
  /** `15.18` */
  serverVersion: string;
  major: number;
  /** `default_version` of `postgis` in `pg_available_extensions`, when it is there. */
  postgisAvailable: string | undefined;
}

/** Run `fn` with a connected client and always close it. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'pum-test-postgres' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The URL of database `name` on the server of `serverUrl` (same host, user, password and
 * parameters).
 *
 * @example
 * ```ts
 * databaseUrl('postgres://postgres@127.0.0.1:5433/postgres', 'app');
 * // 'postgres://postgres@127.0.0.1:5433/app'
 * ```
 */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** `url` with its password, if any, replaced by `***` (for messages). */
export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Version and PostGIS availability of the server at `url`. */
export function inspectServer(url: string): Promise<ServerFacts> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ version: string; num: string; postgis: string | null }>(
      `select current_setting('server_version') as version,
              current_setting('server_version_num') as num,
              (select default_version from pg_available_extensions where name = 'postgis') as postgis`,
    );
    const row = rows[0]!;
    const major = Math.floor(Number(row.num) / 10_000);
    return {
      serverVersion: parsePostgresVersion(row.version)?.version ?? row.version,
      major,
      postgisAvailable: row.postgis ?? undefined,
    };
  });
}

/** Options of {@link createDatabase}. */
export interface CreateDatabaseOptions {
  /** Database to copy; the server's default (`template1`) when absent. */
  template?: string | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQLSTATE 55006: the template is being accessed by other users. */
function isObjectInUse(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '55006';
}

/**
 * Create database `name` on the server of `serverUrl`, copying `template`; resolves with the
 * new database's URL. Retries for a few seconds while the template is busy.
 */
export async function createDatabase(
  serverUrl: string,
  name: string,
  options: CreateDatabaseOptions = {},
): Promise<string> {
  const sql = `create database ${quoteIdent(name)}${options.template ? ` template ${quoteIdent(options.template)}` : ''}`;
  await withClient(serverUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        if (!isObjectInUse(error) || attempt >= 25) throw error;
        await sleep(200);
      }
    }
  });
  return databaseUrl(serverUrl, name);
}

/**
 * Drop database `name` if it exists, ending its connections first (`WITH (FORCE)` from
 * PostgreSQL 13 on); a template database is made an ordinary one first.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ num: string; istemplate: boolean | null }>(
      `select current_setting('server_version_num') as num,
              (select datistemplate from pg_database where datname = $1) as istemplate`,
      [name],
    );
    const row = rows[0]!;
    if (row.istemplate === null) return;
    if (row.istemplate) await client.query(`alter database ${quoteIdent(name)} is_template false`);
    if (Number(row.num) >= 130_000) {
      await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
    } else {
      await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
      await client.query(`drop database if exists ${quoteIdent(name)}`);
    }
  });
}

/**
 * Make sure template database `name` with the `postgis` extension exists on the server of
 * `serverUrl`, and resolve with PostGIS's version. It is built under a temporary name and
 * renamed when complete, so processes sharing a server never copy a half-made template.
 */
export async function ensurePostgisTemplate(
  serverUrl: string,
  name: string = POSTGIS_TEMPLATE,
): Promise<string> {
  const existing = await postgisVersionIn(serverUrl, name);
  if (existing !== null) return existing;

  const building = `${name}_${randomBytes(4).toString('hex')}`;
  await createDatabase(serverUrl, building, { template: 'template0' });
  try {
    const version = await withClient(databaseUrl(serverUrl, building), async (client) => {
      await client.query('create extension if not exists postgis');
      const { rows } = await client.query<{ version: string }>('select postgis_lib_version() as version');
      return rows[0]!.version;
    });
    await withClient(serverUrl, async (client) => {
      await client.query(`alter database ${quoteIdent(building)} is_template true`);
      await client.query(`alter database ${quoteIdent(building)} rename to ${quoteIdent(name)}`);
    });
    return version;
  } catch (error) {
    await dropDatabase(serverUrl, building).catch(() => {});
    // Another process finished first (42P04: duplicate database): use theirs.
    if ((error as { code?: unknown } | null)?.code === '42P04') {
      const theirs = await postgisVersionIn(serverUrl, name);
      if (theirs !== null) return theirs;
    }
    throw error;
  }
}

/** PostGIS's version in database `name`; `null` when there is no such database. */
async function postgisVersionIn(serverUrl: string, name: string): Promise<string | null> {
  const exists = await withClient(serverUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rowCount === 1;
  });
  if (!exists) return null;
  return withClient(databaseUrl(serverUrl, name), async (client) => {
    const { rowCount } = await client.query("select 1 from pg_extension where extname = 'postgis'");
    if (rowCount !== 1) {
      throw new TestPostgresError(
        'PUM_TEST_PG_START_FAILED',
        `database ${name} exists but has no postgis extension; drop it and run again`,
      );
    }
    const { rows } = await client.query<{ version: string }>('select postgis_lib_version() as version');
    return rows[0]!.version;
  });
}
