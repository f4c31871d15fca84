/**
 * `pum test-and-upgrade` never drops or overwrites what it was not asked to (issue 13, items 1,
 * 2 and 8): "the same database" is decided by the server's identity, however it is addressed;
 * only databases pum made carry its mark and may be dropped; a killed run's copies are dropped
 * by the next run. Production is proved untouched by its schema snapshot, history and rows,
 * not by an exit code.
 *
 * These tests run on a server of their own: a run drops the leftovers of dead runs on its
 * server, and must not meet (or be met by) the other test files' databases.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTestServer, startPostgres, type TestPostgres } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const bin = fileURLToPath(new URL('../bin/pum.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pum-rehearsal-safety-'));
const SLOW = 240_000;

let server: TestPostgres;
/** The server's Unix-socket directory, or a host name other than the URL's when it has none. */
let socketHost: string;
let port: string;
let databasesMade = 0;
let snapshotsTaken = 0;

beforeAll(async () => {
  server = await startPostgres({ major: getTestServer().major });
  port = new URL(server.url).port;
  const [row] = await query<{ dirs: string }>(
    server.url,
    "SELECT current_setting('unix_socket_directories') AS dirs",
  );
  const socketDir = (row?.dirs ?? '').split(',')[0]?.trim() ?? '';
  // A local server has a socket (the reported case); a borrowed or Docker one is reached by
  // another host name instead.
  if (server.backend === 'local') expect(socketDir).toMatch(/^\//);
  socketHost = server.backend === 'local' ? socketDir : 'localhost';
  // Another role, with a password, reaching the same databases by TCP.
  await query(server.url, "CREATE ROLE pum_other LOGIN SUPERUSER PASSWORD 'other-secret'");

  // A small PUM 1.x module, in 1.0.0 and 1.1.0, without PostGIS.
  const module = join(work, 'module');
  mkdirSync(join(module, 'changelogs/1.0.0'), { recursive: true });
  mkdirSync(join(module, 'changelogs/1.1.0'));
  writeFileSync(join(module, '.pum.yaml'), 'pum:\n  module: tiny\n  migration_table_schema: tiny_sys\n');
  writeFileSync(
    join(module, 'changelogs/1.0.0/01_item.sql'),
    'CREATE SCHEMA tiny;\nCREATE TABLE tiny.item (id int PRIMARY KEY, name text);\n',
  );
  writeFileSync(join(module, 'changelogs/1.1.0/01_size.sql'), 'ALTER TABLE tiny.item ADD COLUMN size int;\n');
}, SLOW);
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** One short-lived query (a session left open on production would change how it is copied). */
async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values?: unknown[],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** The URLs of database `name`: the administrator's by TCP, by socket, and another role's by TCP. */
function urlsOf(name: string) {
  return {
    tcp: `postgresql://postgres@127.0.0.1:${port}/${name}`,
    socket: `postgresql://postgres@/${name}?host=${encodeURIComponent(socketHost)}&port=${port}`,
    otherRole: `postgresql://pum_other:other-secret@127.0.0.1:${port}/${name}`,
  };
}

/** A production database at 1.0.0 with a row, and a snapshot of it as the (differing) reference. */
async function production(): Promise<{ name: string; before: string; urls: ReturnType<typeof urlsOf> }> {
  const name = `prod_${String.fromCharCode(97 + databasesMade++)}`;
  await query(server.url, `CREATE DATABASE ${name}`);
  const urls = urlsOf(name);
  const install = await pum(['install', '--db', urls.tcp, '--dir', 'module', '--max-version', '1.0.0'], {
    cwd: work,
  });
  expect(install.code, install.stderr).toBe(0);
  await query(urls.tcp, "INSERT INTO tiny.item (id, name) VALUES (1, 'kept')");
  const before = join(work, `${name}.json`);
  const snapshot = await pum(['snapshot', urls.tcp, '--output', before]);
  expect(snapshot.code, snapshot.stderr).toBe(0);
  return { name, before, urls };
}

/** Everything that must not change: schema snapshot, history and rows. */
async function stateOf(url: string): Promise<{ schema: unknown; history: unknown; rows: unknown }> {
  const file = join(work, `state-${++snapshotsTaken}.json`);
  const snapshot = await pum(['snapshot', url, '--output', file]);
  expect(snapshot.code, snapshot.stderr).toBe(0);
  return {
    schema: JSON.parse(readFileSync(file, 'utf8')),
    history: await query(url, 'SELECT * FROM tiny_sys.pum_history ORDER BY id'),
    rows: await query(url, 'SELECT * FROM tiny.item ORDER BY id'),
  };
}

/** The databases of the server whose name starts with `prefix`, with their comments. */
async function databases(prefix: string): Promise<{ name: string; comment: string | null }[]> {
  return query(
    server.url,
    `SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database
      WHERE starts_with(datname, $1) ORDER BY 1`,
    [prefix],
  );
}

/** Poll the server until `check` holds (no fixed sleeps: the server's state decides). */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('pum test-and-upgrade decides "the same database" by the server, not by the address', () => {
  it(
    'refuses --test reaching production through TCP with another role while --prod is a Unix socket (exit 2, production intact)',
    async () => {
      const prod = await production();
      const state = await stateOf(prod.urls.tcp);
      const result = await pum(
        [
          'test-and-upgrade',
          '--prod',
          prod.urls.socket,
          '--test',
          prod.urls.otherRole,
          '--dir',
          'module',
          '--yes',
        ],
        { cwd: work },
      );
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^error the test database is production: --test \\S+ and --prod \\S+ reach the same database "${prod.name}" \\(OID \\d+\\)`,
          'm',
        ),
      );
      expect(result.stderr).not.toContain('other-secret');
      expect(await databases(prod.name)).toEqual([{ name: prod.name, comment: null }]);
      expect(await stateOf(prod.urls.tcp)).toEqual(state);
    },
    SLOW,
  );

  it(
    'refuses --test equal to --compare given by two addresses, before anything happens (exit 2)',
    async () => {
      const prod = await production();
      const reference = `${prod.name}_reference`;
      await query(server.url, `CREATE DATABASE ${reference}`);
      const ref = urlsOf(reference);
      const built = await pum(['install', '--db', ref.tcp, '--dir', 'module'], { cwd: work });
      expect(built.code, built.stderr).toBe(0);
      const [prodState, refState] = [await stateOf(prod.urls.tcp), await stateOf(ref.tcp)];

      const result = await pum(
        [
          'test-and-upgrade',
          '--prod',
          prod.urls.tcp,
          '--test',
          ref.socket,
          '--compare',
          ref.otherRole,
          '--dir',
          'module',
          '--yes',
        ],
        { cwd: work },
      );
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^error the test database is the comparison database: .* reach the same database "${reference}"`,
          'm',
        ),
      );
      expect(result.stderr).not.toContain('pending on');
      expect(await stateOf(ref.tcp)).toEqual(refState);
      expect(await stateOf(prod.urls.tcp)).toEqual(prodState);
      expect((await databases(prod.name)).map((d) => d.name)).toEqual([prod.name, reference]);
    },
    SLOW,
  );
});

describe('pum test-and-upgrade drops only databases it made', () => {
  it(
    'drops its own marked copy at the end of a successful run, and upgrades production',
    async () => {
      const prod = await production();
      const reference = `${prod.name}_built`;
      await query(server.url, `CREATE DATABASE ${reference}`);
      const built = await pum(['install', '--db', urlsOf(reference).tcp, '--dir', 'module'], { cwd: work });
      expect(built.code, built.stderr).toBe(0);
      const result = await pum(
        [
          'test-and-upgrade',
          '--prod',
          prod.urls.socket,
          '--compare',
          urlsOf(reference).otherRole,
          '--dir',
          'module',
          '--yes',
        ],
        { cwd: work },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/upgraded: 1 file\(s\) applied/);
      expect(result.stderr).not.toContain('warning');
      expect((await databases(prod.name)).map((d) => d.name)).toEqual([prod.name, reference]);
      expect(await query(prod.urls.tcp, 'SELECT id, name, size FROM tiny.item')).toEqual([
        { id: 1, name: 'kept', size: null },
      ]);
    },
    SLOW,
  );

  it(
    'refuses an existing test database it did not make, and leaves it as it is (exit 2)',
    async () => {
      const prod = await production();
      const mine = `${prod.name}_mine`;
      await query(server.url, `CREATE DATABASE ${mine}`);
      await query(urlsOf(mine).tcp, "CREATE TABLE precious AS SELECT 'do not drop' AS note");
      const state = await stateOf(prod.urls.tcp);

      const result = await pum(
        [
          'test-and-upgrade',
          '--prod',
          prod.urls.tcp,
          '--test',
          urlsOf(mine).socket,
          '--dir',
          'module',
          '--compare',
          prod.before,
          '--yes',
        ],
        { cwd: work },
      );
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(
        `error the test database "${mine}" (--test) exists and was not made by pum: pum replaces only test databases it made itself`,
      );
      expect(await query(urlsOf(mine).tcp, 'SELECT note FROM precious')).toEqual([{ note: 'do not drop' }]);
      expect(await stateOf(prod.urls.tcp)).toEqual(state);
    },
    SLOW,
  );

  it(
    'replaces the test database an earlier run made, but not while sessions use it: the error names them (exit 2)',
    async () => {
      const prod = await production();
      const named = `${prod.name}_rehearsal`;
      const state = await stateOf(prod.urls.tcp);
      const args = [
        'test-and-upgrade',
        '--prod',
        prod.urls.tcp,
        '--test',
        urlsOf(named).tcp,
        '--dir',
        'module',
        '--compare',
        prod.before,
        '--yes',
      ];

      // 1. Made by pum (the reference is production's own old snapshot: it differs, exit 1) and kept.
      const first = await pum(args, { cwd: work });
      expect(first.code, first.stderr).toBe(1);
      const [made] = await databases(named);
      expect(made?.comment).toMatch(
        new RegExp(`^pum test copy of "${prod.name}" created \\S+ by run [0-9a-f-]{36}; kept$`),
      );

      // 2. Somebody looks at it: pum names the session and terminates nothing.
      const inspector = new pg.Client({ connectionString: urlsOf(named).tcp, application_name: 'inspector' });
      await inspector.connect();
      try {
        const [{ pid }] = (await inspector.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
          { pid: number },
        ];
        const busy = await pum(args, { cwd: work });
        expect(busy.code, busy.stderr).toBe(2);
        expect(busy.stderr).toContain(`database "${named}" is in use, 1 other session is connected to it:`);
        expect(busy.stderr).toMatch(new RegExp(`pid ${pid}, user "postgres", application "inspector"`));
        expect((await inspector.query('SELECT 1 AS alive')).rows).toEqual([{ alive: 1 }]);
        expect(await databases(named)).toEqual([made]);
      } finally {
        await inspector.end();
      }

      // 3. Nobody left: it is replaced by a new copy, marked by the new run.
      await waitFor(
        'the inspector to leave',
        async () =>
          (await query(server.url, 'SELECT 1 FROM pg_stat_activity WHERE datname = $1', [named])).length ===
          0,
      );
      const third = await pum(args, { cwd: work });
      expect(third.code, third.stderr).toBe(1);
      expect(third.stderr).toContain('the test copy of an earlier run, to replace it');
      const [replaced] = await databases(named);
      expect(replaced?.comment).toMatch(/; kept$/);
      expect(replaced?.comment).not.toBe(made?.comment);
      expect(await stateOf(prod.urls.tcp)).toEqual(state);

      // 4. A run that replaced it and then fails (no answer, no --yes) does not say "nothing was
      // changed": exit 8, and what it changed.
      const reference = `${prod.name}_built`;
      await query(server.url, `CREATE DATABASE ${reference}`);
      const built = await pum(['install', '--db', urlsOf(reference).tcp, '--dir', 'module'], { cwd: work });
      expect(built.code, built.stderr).toBe(0);
      const silent = await pum(
        [
          'test-and-upgrade',
          '--prod',
          prod.urls.tcp,
          '--test',
          urlsOf(named).tcp,
          '--dir',
          'module',
          '--compare',
          urlsOf(reference).tcp,
        ],
        { cwd: work },
      );
      expect(silent.code, silent.stderr).toBe(8);
      expect(silent.stderr).toContain(
        'error no answer to "apply to production?": production is left as it was',
      );
      expect(silent.stderr).toContain(`  - replaced the test database "${named}" with a copy of production`);
      expect(await stateOf(prod.urls.tcp)).toEqual(state);
    },
    SLOW,
  );

  it(
    'drops the test copy of a run killed by SIGKILL on the next run, and only that one',
    async () => {
      const prod = await production();
      const state = await stateOf(prod.urls.tcp);
      // A module whose rehearsal stays in its last delta until the run is killed; the server
      // notices the client is gone within 100 ms.
      const slow = join(work, 'slow-module');
      cpSync(join(work, 'module'), slow, { recursive: true });
      mkdirSync(join(slow, 'changelogs/1.2.0'));
      writeFileSync(
        join(slow, 'changelogs/1.2.0/01_wait.sql'),
        "SET client_connection_check_interval = '100ms';\nSELECT pg_sleep(600);\n",
      );
      const child: ChildProcess = spawn(
        process.execPath,
        [bin, 'test-and-upgrade', '--prod', prod.urls.tcp, '--dir', slow, '--compare', prod.before, '--yes'],
        { cwd: work, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      await waitFor(
        'the rehearsal to run its last delta',
        async () =>
          (
            await query(
              server.url,
              "SELECT 1 FROM pg_stat_activity WHERE starts_with(datname, $1) AND query LIKE '%pg_sleep(600)%'",
              [`${prod.name}_pum_test_`],
            )
          ).length > 0,
      );
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const [leftover] = await databases(`${prod.name}_pum_test_`);
      expect(leftover?.comment).toMatch(/^pum test copy of "prod_[a-z]" created \S+ by run [0-9a-f-]{36}$/);
      await waitFor(
        "the killed run's sessions to end",
        async () =>
          (await query(server.url, 'SELECT 1 FROM pg_stat_activity WHERE datname = $1', [leftover?.name]))
            .length === 0,
      );
      const createdAt = /created (\S+) by run/.exec(leftover?.comment ?? '')?.[1];

      // Beside it: a database of the user's with a similar name, the copy of a run that is alive,
      // and a copy kept on purpose. None of them is a leftover.
      const user = `${prod.name}_pum_test_users`;
      const live = `${prod.name}_pum_test_live`;
      const kept = `${prod.name}_pum_test_kept`;
      const liveRun = '0d9c5d6e-4a3f-4a53-9d4f-4d0b4f9c2a11';
      for (const name of [user, live, kept]) await query(server.url, `CREATE DATABASE ${name}`);
      await query(
        server.url,
        `COMMENT ON DATABASE ${live} IS 'pum test copy of "${prod.name}" created 2025-01-01T08:00:00.000Z by run ${liveRun}'`,
      );
      await query(
        server.url,
        `COMMENT ON DATABASE ${kept} IS 'pum test copy of "${prod.name}" created 2025-01-01T08:00:00.000Z by run 11111111-2222-3333-4444-555555555555; kept'`,
      );
      const liveGuard = new pg.Client({
        connectionString: server.url,
        application_name: `pum run ${liveRun}`,
      });
      await liveGuard.connect();
      try {
        const next = await pum(
          ['test-and-upgrade', '--prod', prod.urls.tcp, '--dir', 'module', '--compare', prod.before, '--yes'],
          {
            cwd: work,
          },
        );
        expect(next.code, next.stderr).toBe(1);
        expect(next.stderr).toContain(
          `dropped leftover test copy "${leftover?.name}" from an interrupted run at ${createdAt}`,
        );
        expect(next.stderr).not.toContain('warning');
      } finally {
        await liveGuard.end();
      }
      expect((await databases(`${prod.name}_pum_test_`)).map((d) => d.name)).toEqual([kept, live, user]);
      expect(await stateOf(prod.urls.tcp)).toEqual(state);
    },
    SLOW,
  );
});
