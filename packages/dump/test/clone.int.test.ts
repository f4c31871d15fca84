/**
 * cloneDatabase: a template copy on one server (refused, naming who, while another session
 * uses the source), a pg_dump | pg_restore pipe otherwise (also while others are connected,
 * and between two servers), the half-made copy dropped when the pipe fails; dropDatabase.
 */
import { quoteIdent } from '@pum/core';
import { skipFirst, skipUnless, startPostgres, type TestPostgres, useTestDatabase } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneDatabase, dropDatabase } from '../src/index.js';
import {
  connectionTo,
  databaseExists,
  databaseUrl,
  dropLater,
  loadRichFixture,
  makeDatabase,
  schemaDifferences,
  server,
  tableChecksums,
  tools,
  withClient,
} from './helpers.js';

/** A session on `url` that stays connected until closed. */
async function holdSession(
  url: string,
  application: string,
): Promise<{ pid: number; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url, application_name: application });
  client.on('error', () => {}); // terminated by dropDatabase({ force: true })
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return { pid: rows[0]?.pid as number, close: () => client.end() };
}

const newName = () => `pum_dump_clone_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

describe('cloneDatabase on one server', () => {
  const source = useTestDatabase();
  let sums: Record<string, string>;

  beforeAll(async () => {
    await loadRichFixture(source.url, false);
    sums = await tableChecksums(source.url);
  });

  it('copies with CREATE DATABASE … TEMPLATE when nobody else is connected', async () => {
    const name = newName();
    dropLater(name);
    const result = await cloneDatabase({
      source: connectionTo(source.url),
      target: connectionTo(databaseUrl(name)),
    });
    expect(result).toEqual({
      strategy: 'template',
      database: name,
      sameServer: true,
      tools: undefined,
      tables: 0,
    });
    expect(await tableChecksums(databaseUrl(name))).toEqual(sums);
    expect(await schemaDifferences(source.url, databaseUrl(name))).toEqual([]);
  });

  it('refuses a template copy while another session uses the source, saying who', async () => {
    const blocker = await holdSession(source.url, 'pum-dump-blocker');
    try {
      const name = newName();
      const error = await cloneDatabase({
        source: connectionTo(source.url),
        target: connectionTo(databaseUrl(name)),
        strategy: 'template',
      }).catch((e) => e);
      expect(error.code).toBe('PUM_SQL_ERROR');
      expect(error.message).toContain(
        `database "${source.name}" is in use, 1 other session is connected to it:`,
      );
      expect(error.message).toContain(
        `pid ${blocker.pid}, user "postgres", application "pum-dump-blocker", from 127.0.0.1`,
      );
      expect(error.hint).toContain("strategy 'pipe'");
      expect(error.details.sessions).toEqual([
        expect.objectContaining({ pid: blocker.pid, application: 'pum-dump-blocker' }),
      ]);
      expect(await databaseExists(name)).toBe(false);
    } finally {
      await blocker.close();
    }
  });

  it('copies through pg_dump | pg_restore while others are connected', skipUnless('pg_dump'), async () => {
    const blocker = await holdSession(source.url, 'pum-dump-blocker');
    try {
      const name = newName();
      dropLater(name);
      const result = await cloneDatabase({
        source: connectionTo(source.url),
        target: connectionTo(databaseUrl(name)),
        strategy: 'pipe',
        tools,
      });
      expect(result).toMatchObject({ strategy: 'pipe', database: name, sameServer: true, tables: 6 });
      expect(result.tools?.pgDump.major).toBeGreaterThanOrEqual(server.major);
      expect(await tableChecksums(databaseUrl(name))).toEqual(sums);
      expect(await schemaDifferences(source.url, databaseUrl(name))).toEqual([]);
    } finally {
      await blocker.close();
    }
  });

  it('copies through a pipe when schemas are left out', skipUnless('pg_dump'), async () => {
    const name = newName();
    dropLater(name);
    const result = await cloneDatabase({
      source: connectionTo(source.url),
      target: connectionTo(databaseUrl(name)),
      excludeSchemas: ['app'],
      tools,
    });
    expect(result.strategy).toBe('pipe');
    expect(Object.keys(await tableChecksums(databaseUrl(name)))).toEqual([
      'Second Schema.Mixed Case',
      'public.plain_table',
    ]);
  });

  it('refuses to overwrite an existing database', async () => {
    const existing = await makeDatabase();
    const error = await cloneDatabase({
      source: connectionTo(source.url),
      target: connectionTo(existing.url),
    }).catch((e) => e);
    expect(error.code).toBe('PUM_INVALID_ARGUMENT');
    expect(error.message).toContain(`database "${existing.name}" already exists`);
  });
});

describe('dropDatabase', () => {
  it('refuses while a session is connected, naming it; force terminates it', async () => {
    const db = await makeDatabase();
    const holder = await holdSession(db.url, 'pum-dump-holder');
    try {
      const error = await dropDatabase({ connection: connectionTo(db.url) }).catch((e) => e);
      expect(error.code).toBe('PUM_SQL_ERROR');
      expect(error.message).toContain(`pid ${holder.pid}, user "postgres", application "pum-dump-holder"`);
      expect(error.hint).toContain('force');
      expect(await databaseExists(db.name)).toBe(true);
      expect(await dropDatabase({ connection: connectionTo(db.url), force: true })).toEqual({
        dropped: true,
      });
      expect(await databaseExists(db.name)).toBe(false);
    } finally {
      await holder.close().catch(() => {});
    }
    expect(await dropDatabase({ connection: connectionTo(db.url) })).toEqual({ dropped: false });
    const error = await dropDatabase({ connection: connectionTo(db.url), ifExists: false }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: `database "${db.name}" does not exist`,
    });
  });
});

describe(
  'cloneDatabase between two servers',
  skipFirst(
    skipUnless('pg_dump'),
    skipUnless(
      server.backend !== 'env-url',
      'needs a second server of its own: the test server was given by URL',
    ),
  ),
  () => {
    const source = useTestDatabase();
    const role = `pum_dump_owner_${Math.random().toString(36).slice(2, 8)}`;
    let other: TestPostgres;

    beforeAll(async () => {
      other = await startPostgres({ major: server.major });
      await withClient(server.url, (client) => client.query(`CREATE ROLE ${quoteIdent(role)}`));
      await loadRichFixture(source.url, false);
      // Owned by a role the other server does not have.
      await withClient(source.url, (client) =>
        client.query(`ALTER TABLE public.plain_table OWNER TO ${quoteIdent(role)}`),
      );
    });

    afterAll(async () => {
      await other?.stop();
      await withClient(source.url, (client) =>
        client.query(`REASSIGN OWNED BY ${quoteIdent(role)} TO CURRENT_USER`),
      );
      await withClient(server.url, (client) => client.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`));
    });

    it('drops the half-made copy when pg_restore fails, and reports pg_restore’s error', async () => {
      const target = connectionTo(databaseUrl('pum_copy', other.url));
      const error = await cloneDatabase({ source: connectionTo(source.url), target, tools }).catch((e) => e);
      expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
      expect(error.message).toMatch(/^pg_restore exited with code 1 while restoring into postgresql:/);
      expect(error.message).toContain(`role "${role}" does not exist`);
      expect(error.hint).toContain('noOwner');
      expect(await databaseExists('pum_copy', other.url)).toBe(false);
    });

    it('copies through a pipe (auto), without owners when asked', async () => {
      const target = connectionTo(databaseUrl('pum_copy', other.url));
      const result = await cloneDatabase({ source: connectionTo(source.url), target, noOwner: true, tools });
      expect(result).toMatchObject({ strategy: 'pipe', sameServer: false, database: 'pum_copy' });
      expect(await tableChecksums(databaseUrl('pum_copy', other.url))).toEqual(
        await tableChecksums(source.url),
      );
      expect(
        await schemaDifferences(source.url, databaseUrl('pum_copy', other.url), {
          ignoreOwners: true,
          ignorePrivileges: true,
        }),
      ).toEqual([]);
    });
  },
);
