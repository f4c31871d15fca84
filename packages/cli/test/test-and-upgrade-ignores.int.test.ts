/**
 * Issue 15, item 5: QWAT's rehearsal (`test-and-upgrade … -i views rules triggers`) on a
 * production that was restored from a dump long ago: its columns were added by deltas (other
 * positions than in a fresh build) and its checks were written by pg_dump (printed by the server
 * another way than the reference's). With `--ignore-field columns.position` and the server's
 * reading of both check texts the rehearsal passes and says what it left out; a check the
 * reference has and the deltas never made still stops it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiffReportSchema } from '@pum/diff';
import { queryUrl as query, useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const work = mkdtempSync(join(tmpdir(), 'pum-rehearsal-ignores-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** Each rehearsal copies production and upgrades the copy. */
const SLOW = 240_000;

const prod = useTestDatabase();
const reference = useTestDatabase();
const pgBin = prod.server.binDir ? ['--pg-bin', prod.server.binDir] : [];
const delta = join(work, 'delta');

/** The reference: the release built from SQL, as QWAT's CI builds it. */
const RELEASE = `
CREATE SCHEMA qw_od;
CREATE TABLE qw_od.pipe (
  id integer PRIMARY KEY,
  fk_material oid,
  status text,
  length numeric,
  CONSTRAINT pipe_material CHECK (fk_material = ANY (ARRAY[1, 2])),
  CONSTRAINT pipe_length CHECK (length > 0)
);
CREATE VIEW qw_od.vw_pipe AS SELECT id, status FROM qw_od.pipe;
CREATE SCHEMA qw_sys;
`;

/** `pum test-and-upgrade` as QWAT's script calls it, with the field ignores. */
const rehearsal = (...extra: string[]) => [
  'test-and-upgrade',
  '-pp',
  prod.url,
  '-pc',
  reference.url,
  '-t',
  'qw_sys.info',
  '-d',
  delta,
  '-i',
  'views',
  'rules',
  'triggers',
  ...pgBin,
  ...extra,
];

beforeAll(async () => {
  mkdirSync(delta, { recursive: true });
  writeFileSync(
    join(delta, 'delta_1.0.1_length.sql'),
    'ALTER TABLE qw_od.pipe ADD COLUMN length numeric;\nALTER TABLE qw_od.pipe ADD CONSTRAINT pipe_length CHECK (length > 0);\n',
  );
  await query(reference.url, RELEASE);
  // The server's print-out of the reference's check, as pg_dump writes it into a dump.
  const [check] = await query<{ def: string }>(
    reference.url,
    "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'pipe_material'",
  );
  expect(check?.def).toBe('CHECK ((fk_material = ANY ((ARRAY[1, 2])::oid[])))');
  // Production at 1.0.0: a column added by an old delta, the check restored from that print-out.
  await query(
    prod.url,
    `CREATE SCHEMA qw_od;
     CREATE TABLE qw_od.pipe (id integer PRIMARY KEY, status text);
     ALTER TABLE qw_od.pipe ADD COLUMN fk_material oid;
     ALTER TABLE qw_od.pipe ADD CONSTRAINT pipe_material ${check?.def};
     CREATE VIEW qw_od.vw_pipe AS SELECT id, status FROM qw_od.pipe;
     CREATE SCHEMA qw_sys;`,
  );
  const [restored] = await query<{ def: string }>(
    prod.url,
    "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'pipe_material'",
  );
  expect(restored?.def).toBe('CHECK ((fk_material = ANY (ARRAY[(1)::oid, (2)::oid])))');
  const baseline = await pum(['baseline', '-p', prod.url, '-t', 'qw_sys.info', '-d', delta, '-b', '1.0.0']);
  expect(baseline.code, baseline.stderr).toBe(0);
});

describe('a rehearsal with field ignores', () => {
  it('refuses a bad --ignore-field before anything connects, naming the valid fields', async () => {
    const result = await pum(rehearsal('--ignore-field', 'sequences.type', '--yes'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--ignore-field sequences.type: sequences have no field "type"');
    expect(result.stderr).toContain('did you mean sequences.dataType?');
    const kind = await pum(['check', prod.url, reference.url, '--ignore-field', 'colums.position']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('unknown object kind "colums"');
    expect(kind.stderr).toContain('columns');
  });

  it(
    'fails on a check the reference has and the deltas never made, production untouched',
    async () => {
      await query(reference.url, "ALTER TABLE qw_od.pipe ADD CONSTRAINT pipe_status CHECK (status <> '')");
      try {
        const result = await pum(rehearsal('--ignore-field', 'columns.position', '--yes', '--json'));
        expect(result.code, result.stderr).toBe(1);
        const report = jsonOutput('test-and-upgrade', result.stdout);
        expect(report.outcome).toBe('differences');
        const differences = DiffReportSchema.parse(report.differences);
        expect(
          differences.differences.map((k) => [k.kind, k.added.map((o) => o.name), k.changed.length]),
        ).toEqual([['constraints', ['qw_od.pipe.pipe_status'], 0]]);
        expect(differences.ignored).toEqual(
          expect.arrayContaining([
            { rule: 'columns.position', source: '--ignore-field', differences: 2 },
            { rule: 'equivalent expressions', source: 'server', differences: 1 },
          ]),
        );
        expect(await query(prod.url, "SELECT to_regclass('qw_od.pipe') IS NOT NULL AS t")).toEqual([
          { t: true },
        ]);
        expect(
          await query(
            prod.url,
            "SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'qw_od.pipe'::regclass AND attname = 'length'",
          ),
        ).toEqual([{ n: 0 }]);
      } finally {
        await query(reference.url, 'ALTER TABLE qw_od.pipe DROP CONSTRAINT pipe_status');
      }
    },
    SLOW,
  );

  it(
    'fails without the ignores, naming the positions and the check text',
    async () => {
      const result = await pum(rehearsal('--exact-expressions', '--yes'));
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toContain('  ~ qw_od.pipe.fk_material\n      position: 3 → 2');
      expect(result.stdout).toContain('  ~ qw_od.pipe.pipe_material\n      definition:');
      expect(result.stderr).toContain('production is left as it was');
    },
    SLOW,
  );

  it(
    'passes with --ignore-field columns.position, says what it left out, and upgrades production',
    async () => {
      const result = await pum(rehearsal('--ignore-field', 'columns.position', '--yes'));
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stderr).toContain('the upgraded copy matches');
      expect(result.stderr).toContain('ignored: 2 difference(s) by columns.position (--ignore-field)');
      expect(result.stderr).toContain('ignored: 1 difference(s) by equivalent expressions (server)');
      expect(
        await query(
          prod.url,
          "SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'qw_od.pipe'::regclass AND attname = 'length'",
        ),
      ).toEqual([{ n: 1 }]);
    },
    SLOW,
  );
});

describe('pum check with field ignores', () => {
  it('reads field rules from the ignore file and counts what it left out, in text and JSON', async () => {
    const rules = join(work, 'qwat.pumignore');
    writeFileSync(rules, '# QWAT: restored long ago\ncolumns.position qw_od.*\n* qw_sys\n* qw_sys.*\n');
    const args = ['check', prod.url, reference.url, '-N', 'public', '-i', 'views', '--ignore-file', rules];
    const text = await pum(args);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toContain('no differences');
    expect(text.stdout).toContain(`ignored: 2 differences by columns.position qw_od.* (${rules}:2)`);
    expect(text.stdout).toContain('ignored: 1 difference by equivalent expressions (server)');
    expect(text.stdout).toContain('same expression printed differently (1, not differences)');
    expect(text.stdout).toContain('from CHECK ((fk_material = ANY (ARRAY[(1)::oid, (2)::oid])))');
    expect(text.stdout).toContain('to   CHECK ((fk_material = ANY ((ARRAY[1, 2])::oid[])))');

    const json = await pum([...args, '--format', 'json']);
    expect(json.code).toBe(0);
    const report = DiffReportSchema.parse(JSON.parse(json.stdout));
    expect(report.ignored).toEqual(
      expect.arrayContaining([
        { rule: 'columns.position qw_od.*', source: `${rules}:2`, differences: 2 },
        { rule: 'equivalent expressions', source: 'server', differences: 1 },
      ]),
    );
    expect(report.equivalent).toEqual([
      expect.objectContaining({
        key: 'constraint:qw_od.pipe.pipe_material',
        field: 'definition',
        from: 'CHECK ((fk_material = ANY (ARRAY[(1)::oid, (2)::oid])))',
        to: 'CHECK ((fk_material = ANY ((ARRAY[1, 2])::oid[])))',
      }),
    ]);
  });

  it('names file and line of an unknown field in the ignore file (exit 2)', async () => {
    const rules = join(work, 'bad.pumignore');
    writeFileSync(rules, 'columns.position\nsequences.type\n');
    const result = await pum(['check', prod.url, reference.url, '--ignore-file', rules]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${rules}:2: sequences have no field "type"`);
  });
});
