/**
 * Issue 14: a code delta that starts a program WITHOUT the `env` it is given inherits pum's own
 * environment. While pum runs deltas on a database, that environment names that database: the
 * caller's `PGSERVICE` / `PGDATABASE` naming production never reach a program started during the
 * rehearsal on the test copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryUrl as query, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { rehearsalArgs, testCopyOf } from './test-copy.js';
import { writeTree } from './write-tree.js';

const work = mkdtempSync(join(tmpdir(), 'pum-process-env-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SLOW = 240_000;

const prod = useTestDatabase();
const different = useTestDatabase();

/** A service file whose service `prod` names `url`, as a user's ~/.pg_service.conf would. */
function serviceFile(url: string): string {
  const u = new URL(url);
  const lines = ['[prod]', `dbname=${decodeURIComponent(u.pathname.slice(1))}`, `port=${u.port || '5432'}`];
  const host = u.hostname || new URLSearchParams(u.search).get('host');
  if (host) lines.push(`host=${decodeURIComponent(host)}`);
  if (u.username) lines.push(`user=${decodeURIComponent(u.username)}`);
  if (u.password) lines.push(`password=${decodeURIComponent(u.password)}`);
  return writeTree(join(work, 'services'), { 'pg_service.conf': `${lines.join('\n')}\n` });
}

const delta = writeTree(join(work, 'delta'), {
  'delta_1.0.0.sql': 'CREATE SCHEMA envt;\nCREATE TABLE envt.log (db text);\n',
  'delta_1.1.0.sql': 'CREATE TABLE envt.pipe (id int);\n',
  // No env passed: psql sees pum's own environment.
  'post-all.mjs': `import { execFileSync } from 'node:child_process';

export default async function () {
  execFileSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-Atc', 'INSERT INTO envt.log SELECT current_database()']);
}
`,
});

const logOf = (url: string) => query<{ db: string }>(url, 'SELECT db FROM envt.log ORDER BY 1');

describe("pum's own environment while it runs deltas", () => {
  it('a program a code delta starts without env reaches the test copy, not the PGSERVICE naming production', {
    timeout: SLOW,
  }, async () => {
    const prodName = new URL(prod.url).pathname.slice(1);
    // The caller's environment names production, as a user's PGSERVICE does.
    const env = {
      PGSERVICEFILE: join(serviceFile(prod.url), 'pg_service.conf'),
      PGSERVICE: 'prod',
      PGDATABASE: prodName,
    };
    for (const [url, max] of [
      [prod.url, ['-u', '1.0.0']],
      [different.url, []],
    ] as const) {
      const built = await pum(['upgrade', '--db', url, '-d', delta, ...max], { env });
      expect(built.code, built.stderr).toBe(0);
    }
    // upgrade: each database's psql wrote to that database, none to production's service.
    const differentName = new URL(different.url).pathname.slice(1);
    expect(await logOf(different.url)).toEqual([{ db: differentName }]);
    await query(different.url, 'CREATE TABLE envt.extra (id int)');
    const copy = testCopyOf(prod, 'envtest');
    const logBefore = await logOf(prod.url);
    expect(logBefore).toEqual([{ db: prodName }]);

    const result = await pum(
      rehearsalArgs({ prod: prod.url, test: copy.url, compare: different.url }, delta),
      { env },
    );
    // The comparison fails on purpose: production is not upgraded, and nothing reached it.
    expect(result.code, result.stderr).toBe(1);
    expect(await logOf(prod.url)).toEqual(logBefore);
    // The copy holds production's rows, and the one psql wrote during the rehearsal.
    expect(await logOf(copy.url)).toEqual(
      [...logBefore, { db: copy.name }].sort((a, b) => (a.db < b.db ? -1 : 1)),
    );
  });
});
