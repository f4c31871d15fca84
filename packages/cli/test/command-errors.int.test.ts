/**
 * Every command's error paths, through the built binary: an unknown flag, an unreachable server,
 * no connection at all, a module directory that does not exist. One clear line (no stack
 * trace), a hint where one helps, and exit code 2 — nothing was changed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const module = join(examples, 'plain-network');
const work = mkdtempSync(join(tmpdir(), 'pum-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dumpFile = join(work, 'some.backup');
writeFileSync(dumpFile, 'PGDMP');

// Nothing listens on port 1: connecting is refused at once.
const unreachable = 'postgresql://pum@127.0.0.1:1/nowhere';
// No connection given: libpq's environment says where, and it leads nowhere either.
const noServerEnv = { PGHOST: '127.0.0.1', PGPORT: '1', PGDATABASE: 'nowhere', PGUSER: 'pum' };

/** Each command with the arguments that make it connect to `db` (last). */
const commands: Record<string, (db: string | undefined) => string[]> = {
  check: (db) => ['check', db ?? '', join(work, 'other.json')].filter(Boolean),
  snapshot: (db) => ['snapshot', ...(db ? [db] : [])],
  dump: (db) => ['dump', ...(db ? ['--db', db] : []), join(work, 'out.backup')],
  restore: (db) => ['restore', ...(db ? ['--db', db] : []), dumpFile],
  upgrade: (db) => ['upgrade', ...(db ? ['--db', db] : []), '--dir', module],
  install: (db) => ['install', ...(db ? ['--db', db] : []), '--dir', module],
  info: (db) => ['info', ...(db ? ['--db', db] : []), '--dir', module],
  baseline: (db) => ['baseline', ...(db ? ['--db', db] : []), '--dir', module, '-b', '1.0.0'],
  repair: (db) => ['repair', ...(db ? ['--db', db] : []), '--dir', module],
  'test-and-upgrade': (db) => ['test-and-upgrade', '--prod', db ?? '', '--dir', module, '--yes'],
};

function expectOneError(result: { code: number; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe.each(Object.entries(commands))('pum %s', (name, args) => {
  it('rejects an unknown flag', async () => {
    const result = await pum([name, '--bogus']);
    expectOneError(result, /error: unknown option '--bogus'/);
  });

  it('names an unreachable server', async () => {
    const result = await pum(args(unreachable), { cwd: work });
    expectOneError(result, /^error cannot connect to postgresql:\/\/pum@127\.0\.0\.1:1\/nowhere/m);
    expect(result.stderr).toContain('hint  is the server running and reachable?');
  });
});

// check and test-and-upgrade need their sides named; the others read libpq's environment.
describe.each(Object.entries(commands).filter(([name]) => name !== 'check' && name !== 'test-and-upgrade'))(
  'pum %s',
  (_name, args) => {
    it('falls back to the PG* environment when no connection is given', async () => {
      const result = await pum(args(undefined), { cwd: work, env: noServerEnv });
      expectOneError(result, /^error cannot connect to postgresql:\/\/pum@127\.0\.0\.1:1\/nowhere/m);
    });
  },
);

describe.each(['upgrade', 'install', 'info', 'baseline', 'repair', 'test-and-upgrade'])('pum %s', (name) => {
  it('names a module directory that does not exist, before connecting anywhere', async () => {
    const missing = join(work, 'no-such-module');
    const db = name === 'test-and-upgrade' ? ['--prod', unreachable] : ['--db', unreachable];
    const result = await pum([
      name,
      ...db,
      '--dir',
      missing,
      ...(name === 'baseline' ? ['-b', '1.0.0'] : []),
    ]);
    expectOneError(result, /no-such-module/);
    expect(result.stderr).not.toContain('cannot connect');
  });
});
