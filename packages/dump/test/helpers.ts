/** Shared helpers of the database tests: connections, fixtures, and comparing two databases. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveConnection } from '@pum/connect';
import { quoteIdent } from '@pum/core';
import { diffSnapshots } from '@pum/diff';
import { introspect } from '@pum/introspect';
import { getTestServer } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll } from 'vitest';
import type { DumpConnection, PgToolsOptions } from '../src/index.js';

export const server = getTestServer();

/** The directory with pg_dump fit for the server (the harness knows it), or undefined. */
export const binDir = server.binDir;

/** `pgBin` set to the harness' directory: embedded servers of the matrix have no pg_dump of their own. */
export const tools: PgToolsOptions = binDir === undefined ? {} : { pgBin: binDir };

/** Why tests that need pg_dump are skipped on this server. */
export const noTools = `no pg_dump fit for the ${server.backend} PostgreSQL ${server.serverVersion} server`;

/** A resolved connection to `url`, without reading the environment. */
export function connectionTo(url: string): DumpConnection {
  return resolveConnection(url, { env: {}, osUser: 'postgres', fs: { readFile: () => undefined } });
}

/** The URL of database `name` on the test server. */
export function databaseUrl(name: string, base = server.url): string {
  const url = new URL(base);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** Run `fn` with a client on `url`. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let counter = 0;
const made = new Set<string>();

/**
 * A new empty database (from `template0`, or `template`), dropped after the file's tests.
 * Returns its name and URL.
 */
export async function makeDatabase(template = 'template0'): Promise<{ name: string; url: string }> {
  const name = `pum_dump_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await withClient(server.url, (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`),
  );
  made.add(name);
  return { name, url: databaseUrl(name) };
}

/** Remember a database made by the code under test, to drop it after the file's tests. */
export function dropLater(name: string): void {
  made.add(name);
}

afterAll(async () => {
  if (made.size === 0) return;
  await withClient(server.url, async (client) => {
    for (const name of made) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
  made.clear();
});

/** Whether database `name` exists on the test server. */
export async function databaseExists(name: string, base = server.url): Promise<boolean> {
  return withClient(base, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rowCount === 1;
  });
}

/** A fixture's SQL. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** Load the rich fixture (and its PostGIS part when `postgis`) into the database at `url`. */
export async function loadRichFixture(url: string, postgis: boolean): Promise<void> {
  await withClient(url, async (client) => {
    if (postgis) await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await client.query(fixture('rich-schema.sql'));
    if (postgis) await client.query(fixture('rich-postgis.sql'));
  });
}

/**
 * Row count and content checksum of every user table (extension members aside), keyed
 * `schema.table`: `md5(string_agg(t::text, ',' ORDER BY t::text))`.
 */
export async function tableChecksums(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      `select n.nspname as schema, c.relname as name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'm')
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
          and not exists (select 1 from pg_depend d
                           where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
        order by 1, 2`,
    );
    const sums: Record<string, string> = {};
    for (const { schema, name } of tables) {
      const { rows } = await client.query<{ n: number; sum: string }>(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, ',' order by t::text), '')) as sum
           from ${quoteIdent(schema)}.${quoteIdent(name)} t`,
      );
      sums[`${schema}.${name}`] = `${rows[0]?.n}:${rows[0]?.sum}`;
    }
    return sums;
  });
}

/** The schema differences between two databases, as `@pum/diff` reports them (empty: identical). */
export async function schemaDifferences(
  urlA: string,
  urlB: string,
  options: { ignoreOwners?: boolean; ignorePrivileges?: boolean } = {},
): Promise<unknown[]> {
  const [a, b] = await Promise.all([
    withClient(urlA, (c) => introspect(c)),
    withClient(urlB, (c) => introspect(c)),
  ]);
  return diffSnapshots(a, b, options).differences;
}

/** A private temporary directory for the file's dumps, removed after its tests. */
export function workDirectory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pum-dump-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
