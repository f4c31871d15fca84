/**
 * Which pg_dump runs: one at least as new as the server, or a clear error saying what was
 * found and what to install — never a dump attempted with a program that is too old.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { dumpDatabase, findPgTools } from '../src/index.js';
import { binDir, connectionTo, workDirectory } from './helpers.js';

const work = workDirectory();
const db = useTestDatabase();

/** A directory with a fake `pg_dump` that prints `version`, and notes any other use. */
function fakePgDump(name: string, version: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  const file = path.join(dir, 'pg_dump');
  writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) ${version}"; else touch "$0.ran"; fi\n`,
  );
  chmodSync(file, 0o755);
  return dir;
}

describe(
  'choosing pg_dump',
  skipUnless(process.platform !== 'win32', 'fake pg_dump programs are shell scripts (not on Windows)'),
  () => {
    it('rejects a pg_dump older than the server, saying what it found and what to install', async () => {
      const dir = fakePgDump('old', '9.6');
      const file = path.join(work, 'never.backup');
      const error = await dumpDatabase({
        connection: connectionTo(db.url),
        file,
        tools: { pgBin: dir },
      }).catch((e) => e);
      const major = db.server.major;
      expect(error).toMatchObject({ code: 'PUM_EXTERNAL_PROGRAM' });
      expect(error.message).toBe(
        `no pg_dump fit for the PostgreSQL ${major} server: it must be version ${major} or newer, found 9.6 (${dir}/pg_dump)`,
      );
      expect(error.hint).toContain(`apt install postgresql-client-${major}`);
      expect(existsSync(`${dir}/pg_dump.ran`)).toBe(false);
      expect(existsSync(file)).toBe(false);
    });

    it('rejects an explicit PG_DUMP_EXE that is too old instead of looking elsewhere', async () => {
      const dir = fakePgDump('explicit', '9.6.24');
      const error = await dumpDatabase({
        connection: connectionTo(db.url),
        file: path.join(work, 'never2.backup'),
        tools: { pgDump: path.join(dir, 'pg_dump'), path: binDir ?? '' },
      }).catch((e) => e);
      expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
      expect(error.message).toContain(`found 9.6.24 (${dir}/pg_dump)`);
    });

    it('says so when there is no pg_dump where it was told to look', async () => {
      const dir = path.join(work, 'empty');
      mkdirSync(dir);
      const error = await dumpDatabase({
        connection: connectionTo(db.url),
        file: path.join(work, 'never3.backup'),
        tools: { pgBin: dir },
      }).catch((e) => e);
      expect(error).toMatchObject({
        code: 'PUM_EXTERNAL_PROGRAM',
        message: `pg_dump not found at ${dir}/pg_dump`,
      });
      expect(error.hint).toContain('install the PostgreSQL');
    });

    it('finds a real pg_dump and pg_restore fit for the server on PATH', skipUnless('pg_dump'), async () => {
      for (const tool of ['pg_dump', 'pg_restore', 'psql'] as const) {
        const found = await findPgTools({ tool, serverMajor: db.server.major, path: binDir });
        expect(found.name).toBe(tool);
        expect(found.major).toBeGreaterThanOrEqual(db.server.major);
        expect(found.version).toMatch(/^\d+/);
      }
    });
  },
);
