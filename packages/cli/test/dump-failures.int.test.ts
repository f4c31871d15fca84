/**
 * `pum dump` and `pum restore` when things go wrong (issue 13, items 3 and 7): a failed dump
 * never touches the existing backup; restore refuses a file that is no dump before touching
 * the database; and the exit code says whether the database was changed — 2 only when
 * nothing was, 8 with the list of what was.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteIdent } from '@pum/core';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const source = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-dump-failures-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const role = `pum_cli_reader_${Math.random().toString(36).slice(2, 8)}`;

/** Run `sql` on the database at `url`. */
async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The user schemas and relations of the database at `url`. */
async function objectsOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname not in ('information_schema', 'public') and nspname !~ '^pg_'
       union all
       select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('information_schema', 'public') and n.nspname !~ '^pg_'
       order by 1`,
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('pum dump and pum restore tell the truth when they fail', skipUnless('pg_dump'), () => {
  const target = useTestDatabase();
  let pgBin: string[];
  let readerUrl: string;
  let truncated: string;

  beforeAll(async () => {
    pgBin = source.server.binDir ? ['--pg-bin', source.server.binDir] : [];
    await run(source.server.url, `CREATE ROLE ${quoteIdent(role)} LOGIN`);
    // z_secret has row-level security: the role may read it, pg_dump may not dump it, so a
    // dump as the role fails half-way, after a_pipes' rows were written.
    await run(
      source.url,
      `CREATE SCHEMA app;
       CREATE TABLE app.a_pipes (id int PRIMARY KEY, label text);
       INSERT INTO app.a_pipes SELECT g, md5(g::text) FROM generate_series(1, 1000) g;
       CREATE TABLE app.z_big (id int PRIMARY KEY, pipe int REFERENCES app.a_pipes, label text);
       INSERT INTO app.z_big SELECT g, 1 + g % 1000, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 20000) g;
       CREATE TABLE app.z_secret (id int);
       ALTER TABLE app.z_secret ENABLE ROW LEVEL SECURITY;
       CREATE POLICY everyone ON app.z_secret USING (true);
       GRANT USAGE ON SCHEMA app TO ${quoteIdent(role)};
       GRANT SELECT ON ALL TABLES IN SCHEMA app TO ${quoteIdent(role)};`,
    );
    const url = new URL(source.url);
    url.username = role;
    readerUrl = url.toString();
  });

  afterAll(async () => {
    await run(source.url, `DROP OWNED BY ${quoteIdent(role)}`);
    await run(source.server.url, `DROP ROLE IF EXISTS ${quoteIdent(role)}`);
  });

  it('a failed pum dump leaves the existing backup byte for byte (exit 2)', async () => {
    const dir = join(work, 'backups');
    mkdirSync(dir);
    const file = join(dir, 'prod.backup');
    const good = await pum(['dump', '--db', source.url, file, '--no-privileges', ...pgBin]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    const bytes = readFileSync(file);

    const failed = await pum(['dump', '--db', readerUrl, file, ...pgBin]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^error pg_dump exited with code 1 while dumping /);
    expect(failed.stderr).toContain(
      'query would be affected by row-level security policy for table "z_secret"',
    );
    expect(failed.stderr).toContain(`${file} was left as it was`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['prod.backup']);

    // The kept backup is whole: cut 20,000 bytes off a copy for the restore tests below.
    truncated = join(work, 'truncated.backup');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 20_000));
    const restored = await pum(['restore', '--db', target.url, file, ...pgBin]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(await objectsOf(target.url)).toContain('app.z_big');
  });

  it('pum restore refuses an empty or unrecognisable file, before touching the database (exit 2)', async () => {
    const fresh = await freshDatabase();
    for (const [name, content] of [
      ['empty.backup', ''],
      ['notes.txt', '{"not": "a dump"}'],
    ] as const) {
      const file = join(work, name);
      writeFileSync(file, content);
      const result = await pum(['restore', '--db', fresh, file, ...pgBin]);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(new RegExp(`^error ${file.replaceAll('.', '\\.')} `));
      expect(result.stderr, name).toContain(
        "hint  pum restores pg_dump's custom (-Fc, the default of pum dump), directory (-Fd) and tar (-Ft) archives, and plain SQL scripts (-Fp)",
      );
      expect(result.stdout).toBe('');
    }
    expect(await objectsOf(fresh)).toEqual([]);
  });

  it('a truncated dump: exit 2 and nothing changed in one transaction, exit 8 listing the tables with --jobs', async () => {
    const atomic = await freshDatabase();
    const first = await pum(['restore', '--db', atomic, truncated, ...pgBin]);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('could not read from input file');
    expect(first.stderr).toMatch(
      /nothing was changed in .*: the restore ran in one transaction, rolled back/,
    );
    expect(first.stderr).not.toContain('changed before the failure');
    expect(await objectsOf(atomic)).toEqual([]);

    const parallel = await freshDatabase();
    const second = await pum(['restore', '--db', parallel, truncated, '--jobs', '2', ...pgBin]);
    expect(second.code).toBe(8);
    expect(second.stderr).toContain('changed before the failure (committed, not rolled back):');
    expect(second.stderr).toContain('  - created schema app\n');
    expect(second.stderr).toContain('  - created table app.z_big\n');
    expect(await objectsOf(parallel)).toEqual(expect.arrayContaining(['app', 'app.a_pipes', 'app.z_big']));
  });

  it('a plain SQL file failing half-way: exit 2 with nothing changed, exit 8 with --no-single-transaction', async () => {
    const file = join(work, 'half.sql');
    writeFileSync(
      file,
      `CREATE SCHEMA half;
CREATE TABLE half.first (id int);
CREATE TABLE half.second (id int REFERENCES half.missing);
CREATE TABLE half.third (id int);
`,
    );
    const db = await freshDatabase();
    const atomic = await pum(['restore', '--db', db, file, ...pgBin]);
    expect(atomic.code).toBe(2);
    expect(atomic.stderr).toContain('relation "half.missing" does not exist');
    expect(await objectsOf(db)).toEqual([]);

    const stepwise = await pum(['restore', '--db', db, file, '--no-single-transaction', ...pgBin]);
    expect(stepwise.code).toBe(8);
    expect(stepwise.stderr).toContain(
      'changed before the failure (committed, not rolled back):\n  - created schema half\n  - created table half.first\n',
    );
    expect(await objectsOf(db)).toEqual(['half', 'half.first']);

    const both = await pum(['restore', '--db', db, file, '-x', '--single-transaction', ...pgBin]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^error singleTransaction and ignoreErrors cannot be combined/);
  });
});

let counter = 0;
const fresh: string[] = [];

/** A new empty database on the test server, dropped after the file's tests. */
async function freshDatabase(): Promise<string> {
  const name = `pum_cli_restore_${process.pid}_${++counter}`;
  await run(source.server.url, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  fresh.push(name);
  const url = new URL(source.server.url);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  for (const name of fresh)
    await run(source.server.url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
});
