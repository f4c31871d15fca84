/**
 * databaseIdentity / sameDatabase: one database reached through a Unix socket, through TCP and
 * by another role is recognised as one; scratch marks decide what dropDatabase may drop, and
 * listScratchDatabases sees which runs are alive (issue 13, items 1 and 8).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cloneDatabase,
  createDatabase,
  databaseIdentity,
  dropDatabase,
  formatScratchMark,
  listScratchDatabases,
  runApplicationName,
  sameDatabase,
  sameServer,
} from '../src/index.js';
import {
  connectionTo,
  databaseExists,
  databaseUrl,
  dropLater,
  makeDatabase,
  server,
  withClient,
} from './helpers.js';

const role = `pum_identity_${process.pid}`;
let viaSocket: (name: string) => string;

beforeAll(async () => {
  const port = new URL(server.url).port;
  const dirs = await withClient(server.url, async (client) => {
    await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'secret-pw'`);
    return (await client.query<{ d: string }>("select current_setting('unix_socket_directories') as d"))
      .rows[0]?.d;
  });
  const dir = (dirs ?? '').split(',')[0]?.trim() ?? '';
  // A local test server has a socket; a borrowed or Docker one is reached by another host name.
  const host = dir.startsWith('/') && server.backend === 'local' ? dir : 'localhost';
  viaSocket = (name) => `postgresql://postgres@/${name}?host=${encodeURIComponent(host)}&port=${port}`;
});
afterAll(() => withClient(server.url, (client) => client.query(`DROP ROLE IF EXISTS ${role}`)));

async function identity(url: string, name?: string) {
  return withClient(url, (client) => databaseIdentity(client, name));
}

describe('databaseIdentity', () => {
  it('recognises one database however it is reached, and tells others apart', async () => {
    const { name, url } = await makeDatabase();
    const other = await makeDatabase();
    const otherRole = new URL(url);
    otherRole.username = role;
    otherRole.password = 'secret-pw';
    await withClient(url, (client) =>
      client.query(`REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC`),
    );

    const [tcp, socket, asRole, fromPostgres, elsewhere, missing] = [
      await identity(url),
      await identity(viaSocket(name)),
      await identity(otherRole.toString()),
      await identity(server.url, name),
      await identity(other.url),
      await identity(server.url, `${name}_missing`),
    ];
    expect(tcp.oid).toMatch(/^\d+$/);
    expect(tcp.systemIdentifier).toMatch(/^\d+$/);
    // The role may not read the system identifier there: the start time still decides.
    expect(asRole.systemIdentifier).toBeUndefined();
    expect(sameDatabase(tcp, socket)).toBe(true);
    expect(sameDatabase(tcp, asRole)).toBe(true);
    expect(sameDatabase(fromPostgres, tcp)).toBe(true);
    expect(sameDatabase(tcp, elsewhere)).toBe(false);
    expect(sameServer(tcp, elsewhere)).toBe(true);
    expect(missing.oid).toBeUndefined();
    expect(sameDatabase(missing, missing)).toBe(false);
    // Another server is never the same, whatever the names.
    expect(sameServer(tcp, { ...tcp, startedAt: '2000-01-01T00:00:00.000000Z' })).toBe(false);
    expect(sameServer(tcp, { ...tcp, systemIdentifier: '1' })).toBe(false);
  });

  it('makes cloneDatabase refuse a target that is the source by another address', async () => {
    const { name, url } = await makeDatabase();
    await expect(
      cloneDatabase({ source: connectionTo(url), target: connectionTo(viaSocket(name)) }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining(`source and target are the same database: database "${name}" (OID`),
    });
    expect(await databaseExists(name)).toBe(true);
  });
});

describe('scratch marks', () => {
  it('drop only the database that carries the expected mark, and tell live runs from dead ones', async () => {
    const run = randomUUID();
    const dead = randomUUID();
    const mark = {
      kind: 'test copy' as const,
      of: 'prod',
      run,
      createdAt: new Date().toISOString(),
      kept: false,
    };
    const [alive, leftover] = [`pum_mark_live_${process.pid}`, `pum_mark_dead_${process.pid}`];
    dropLater(alive);
    dropLater(leftover);
    await createDatabase({ connection: connectionTo(databaseUrl(alive)), comment: formatScratchMark(mark) });
    await createDatabase({
      connection: connectionTo(databaseUrl(leftover)),
      comment: formatScratchMark({ ...mark, run: dead }),
    });

    const guard = new pg.Client({ connectionString: server.url, application_name: runApplicationName(run) });
    await guard.connect();
    try {
      const found = (await withClient(server.url, listScratchDatabases)).filter((d) =>
        [alive, leftover].includes(d.name),
      );
      expect(found.map((d) => [d.name, d.live, d.mark.run])).toEqual([
        [leftover, false, dead],
        [alive, true, run],
      ]);
    } finally {
      await guard.end();
    }

    await expect(
      dropDatabase({
        connection: connectionTo(databaseUrl(alive)),
        force: true,
        expectedComment: 'pum something else',
      }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining(`database "${alive}" is not the one to drop`),
    });
    expect(await databaseExists(alive)).toBe(true);
    await dropDatabase({
      connection: connectionTo(databaseUrl(alive)),
      expectedComment: formatScratchMark(mark),
    });
    expect(await databaseExists(alive)).toBe(false);
  });
});
