/**
 * The password reaches pg_dump only through its environment, never its command line (which
 * `ps` and /proc/<pid>/cmdline show to every local user), and a refused login is one clear
 * error without the password. The test servers trust every local connection, so a capture
 * server from @pum/test-postgres asks for the password and refuses it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveConnection } from '@pum/connect';
import {
  type PasswordCaptureServer,
  skipFirst,
  skipUnless,
  startPasswordCaptureServer,
} from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, restoreDatabase, type SpawnedProcess } from '../src/index.js';
import { binDir, server, tools, workDirectory } from './helpers.js';

const PASSWORD = `it's a "secret" \\ é ${Math.random().toString(36).slice(2, 8)}`;
const work = workDirectory();
let capture: PasswordCaptureServer;

beforeAll(async () => {
  capture = await startPasswordCaptureServer();
});
afterAll(async () => {
  await capture?.close();
});

function captureConnection() {
  return resolveConnection(`postgresql://pum_capture@127.0.0.1:${capture.port}/pum_db`, {
    env: {},
    overrides: { password: PASSWORD },
    fs: { readFile: () => undefined },
  });
}

describe('a refused password', () => {
  it(
    'reaches pg_dump in its environment only, and the error does not show it',
    skipFirst(skipUnless('pg_dump'), skipUnless(process.platform === 'linux', 'reads /proc (Linux only)')),
    async () => {
      const seen: { process: SpawnedProcess; cmdline: string[]; environ: string[] }[] = [];
      const error = await dumpDatabase({
        connection: captureConnection(),
        file: path.join(work, 'never.backup'),
        serverMajor: server.major, // no connection of our own: pg_dump is the one to log in
        tools,
        // Read while pg_dump waits for the capture server, which runs in this (busy) thread.
        onSpawn: (process) =>
          seen.push({
            process,
            cmdline: readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').split('\0'),
            environ: readFileSync(`/proc/${process.pid}/environ`, 'utf8').split('\0'),
          }),
      }).catch((e) => e);

      expect(seen).toHaveLength(1);
      const [spawned] = seen;
      expect(spawned?.cmdline[0]).toBe(path.join(binDir as string, 'pg_dump'));
      expect(spawned?.cmdline).toContain('--no-password');
      expect(spawned?.cmdline).toContain('--dbname=dbname=pum_db');
      expect(spawned?.cmdline.join(' ')).not.toContain(PASSWORD);
      expect(spawned?.process.args.join(' ')).not.toContain(PASSWORD);
      expect(spawned?.environ).toContain(`PGPASSWORD=${PASSWORD}`);
      expect(capture.logins.at(-1)).toMatchObject({
        startup: { user: 'pum_capture', database: 'pum_db' },
        password: PASSWORD,
      });

      expect(error.code).toBe('PUM_AUTHENTICATION_FAILED');
      expect(error.message).toMatch(
        new RegExp(
          `^pg_dump cannot log in to postgresql://pum_capture@127\\.0\\.0\\.1:${capture.port}/pum_db: `,
        ),
      );
      expect(error.message).toContain('password captured by the test');
      expect(`${error.message} ${error.hint} ${JSON.stringify(error.details)}`).not.toContain(PASSWORD);
    },
  );

  it('is reported before any program runs when the server version is asked first', async () => {
    const spawned: SpawnedProcess[] = [];
    const error = await dumpDatabase({
      connection: captureConnection(),
      file: path.join(work, 'never2.backup'),
      tools,
      onSpawn: (process) => spawned.push(process),
    }).catch((e) => e);
    expect(spawned).toEqual([]);
    expect(error.code).toBe('PUM_AUTHENTICATION_FAILED');
    expect(error.message).toBe(
      `cannot log in to postgresql://pum_capture@127.0.0.1:${capture.port}/pum_db: password captured by the test`,
    );
    expect(capture.logins.at(-1)?.password).toBe(PASSWORD);
  });

  it('stops a restore the same way', async () => {
    // The file is looked at first (a file that is no dump is refused before connecting).
    const file = path.join(work, 'header-only.backup');
    writeFileSync(file, 'PGDMP');
    const error = await restoreDatabase({
      connection: captureConnection(),
      file,
      tools,
    }).catch((e) => e);
    expect(error.code).toBe('PUM_AUTHENTICATION_FAILED');
    expect(error.message).not.toContain(PASSWORD);
  });
});
