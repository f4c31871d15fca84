/**
 * @pum/connect against a real server: a service file and a .pgpass resolve into a `pg`
 * config that connects, and child processes get the connection (password included) through
 * their environment only. The test servers trust local connections, so a small capture
 * listener (startPasswordCaptureServer from @pum/test-postgres) proves which password a client really sends.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { quoteIdent, quoteLiteral } from '@pum/core';
import {
  type PasswordCaptureServer,
  skipUnless,
  startPasswordCaptureServer,
  useTestDatabase,
} from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childEnvironment,
  nodeFileSystem,
  type ResolveConnectionOptions,
  resolveConnection,
} from '../src/index.js';

const run = promisify(execFile);

const SERVICE = 'pum_connect_it';
const PASSWORD = `it's; "x" é : \\ 🐘`;
const ROLE = `pum connect "it's" é ${Math.random().toString(16).slice(2, 10)}`;

/** Escape a .pgpass field. */
const pgpassField = (value: string) => value.replace(/[\\:]/g, '\\$&');

const db = useTestDatabase();
let home: string;
let capture: PasswordCaptureServer;
let server: { host: string; port: number };
const children = new Set<ChildProcess>();

/** Resolve with the temporary home only: no process.env, no real ~/.pg_service.conf. */
function resolveIn(input: string, options: ResolveConnectionOptions = {}) {
  return resolveConnection(input, {
    env: {},
    homeDir: home,
    osUser: 'nobody',
    platform: 'posix',
    fs: nodeFileSystem,
    sysconfDirs: [],
    ...options,
  });
}

/** Run with a psql; without one, skip — an error where client programs are required. */
const needsPsql = (psql: string | undefined) => (psql === undefined ? skipUnless('pg_dump', 'psql') : {});

/** A psql fit for the server, or undefined. */
function findPsql(): string | undefined {
  const candidates = [db.server.binDir, '/usr/lib/postgresql/15/bin'].filter((dir) => dir !== undefined);
  return candidates.map((dir) => path.join(dir, 'psql')).find((file) => existsSync(file));
}

beforeAll(async () => {
  const admin = await db.connect();
  await admin.query(`create role ${quoteIdent(ROLE)} login password ${quoteLiteral(PASSWORD)}`);
  await admin.end();

  // Where the harness' server is, read with our own parser.
  const target = resolveConnection(db.url, { env: {}, osUser: 'nobody', fs: { readFile: () => undefined } });
  const first = target.hosts[0];
  if (first === undefined || first.host === undefined) throw new Error(`no host in ${target.describe()}`);
  server = { host: first.host, port: first.port };

  capture = await startPasswordCaptureServer();
  home = mkdtempSync(path.join(tmpdir(), 'pum-connect-'));
  writeFileSync(
    path.join(home, '.pg_service.conf'),
    [
      '# written by connect.int.test.ts',
      `[${SERVICE}]`,
      `host=${server.host}`,
      `port=${server.port}`,
      `dbname=${db.name}`,
      `user=${ROLE}`,
      '',
    ].join('\n'),
  );
  const passfile = path.join(home, '.pgpass');
  writeFileSync(
    passfile,
    [
      `${pgpassField(server.host)}:${server.port}:${pgpassField(db.name)}:${pgpassField(ROLE)}:${pgpassField(PASSWORD)}`,
      `127.0.0.1:${capture.port}:*:${pgpassField(ROLE)}:${pgpassField(PASSWORD)}`,
      '',
    ].join('\n'),
  );
  chmodSync(passfile, 0o600);
});

afterAll(async () => {
  for (const child of children) child.kill();
  await capture?.close();
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
  const admin = await db.connect();
  await admin.query(`drop role if exists ${quoteIdent(ROLE)}`);
  await admin.end();
});

describe('resolveConnection with a real server', () => {
  it('resolves a service file and .pgpass into a pg config that connects', async () => {
    const connection = resolveIn(SERVICE);
    expect(connection.service).toEqual({ name: SERVICE, file: path.join(home, '.pg_service.conf') });
    expect(connection.passwordFile).toBe(path.join(home, '.pgpass'));
    expect(connection.parameters.password).toBe(PASSWORD);
    expect(connection.warnings).toEqual([]);

    const client = new pg.Client(connection.clientConfig);
    await client.connect();
    try {
      const { rows } = await client.query('select current_user, current_database()');
      expect(rows).toEqual([{ current_user: ROLE, current_database: db.name }]);
    } finally {
      await client.end();
    }
  });

  it('ignores a .pgpass that others can read, with a warning, as libpq', () => {
    const passfile = path.join(home, 'open.pgpass');
    writeFileSync(passfile, '*:*:*:*:should-not-be-used\n');
    chmodSync(passfile, 0o644);
    const connection = resolveIn(`service=${SERVICE} passfile=${passfile}`);
    expect(connection.parameters.password).toBeUndefined();
    expect(connection.warnings[0]).toContain('has group or world access');
  });

  it('makes pg send the password found in .pgpass', async () => {
    const connection = resolveIn(`service=${SERVICE} host=127.0.0.1 port=${capture.port}`);
    const client = new pg.Client(connection.clientConfig);
    client.on('error', () => {});
    await expect(client.connect()).rejects.toThrow('password captured by the test');
    const login = capture.logins.at(-1);
    expect(login?.startup).toMatchObject({ user: ROLE, database: db.name });
    expect(login?.password).toBe(PASSWORD);
  });
});

describe('child processes', () => {
  // Inherited variables that would send a child elsewhere if they survived.
  const hostileBase = {
    ...process.env,
    PGSERVICE: 'nowhere',
    PGSERVICEFILE: '/nonexistent/pg_service.conf',
    PGHOST: 'bogus.invalid',
    PGPASSWORD: 'stale',
  };

  it(
    'receive the password in PGPASSWORD, never on their command line',
    skipUnless(existsSync('/proc/self/cmdline'), 'reads /proc (Linux only)'),
    async () => {
      const connection = resolveIn(SERVICE);
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], {
        env: childEnvironment(connection, hostileBase),
        stdio: 'ignore',
      });
      children.add(child);
      await once(child, 'spawn');
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      child.kill();
      children.delete(child);

      for (const fragment of [PASSWORD, "it's", '🐘']) {
        expect(cmdline.join(' ')).not.toContain(fragment);
      }
      expect(environ).toContain(`PGPASSWORD=${PASSWORD}`);
      expect(environ).toContain(`PGUSER=${ROLE}`);
      expect(environ).toContain(`PGHOST=${server.host}`);
      expect(environ.filter((entry) => entry.startsWith('PGSERVICE'))).toEqual([]);
      expect(environ).not.toContain('PGPASSWORD=stale');
    },
  );

  const psql = findPsql();

  it('let psql connect through the environment alone', needsPsql(psql), async () => {
    const connection = resolveIn(SERVICE);
    const { stdout } = await run(
      psql as string,
      ['-X', '-w', '-A', '-t', '-c', 'select current_user, current_database()'],
      { env: childEnvironment(connection, hostileBase) },
    );
    expect(stdout.trim()).toBe(`${ROLE}|${db.name}`);
  });

  it('make psql send the resolved password from PGPASSWORD', needsPsql(psql), async () => {
    const connection = resolveIn(`service=${SERVICE} host=127.0.0.1 port=${capture.port}`);
    const before = capture.logins.length;
    await expect(
      run(psql as string, ['-X', '-w', '-c', 'select 1'], { env: childEnvironment(connection, hostileBase) }),
    ).rejects.toThrow('password captured by the test');
    const login = capture.logins.slice(before).find((entry) => entry.password !== undefined);
    expect(login?.startup).toMatchObject({ user: ROLE, database: db.name });
    expect(login?.password).toBe(PASSWORD);
  });
});
