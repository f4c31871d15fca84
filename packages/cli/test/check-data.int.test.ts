/** End-to-end `pum check --data`: row comparison of chosen tables on real servers. */
import { DiffReportSchema } from '@pum/diff';
import { useTestDatabase } from '@pum/test-postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const a = useTestDatabase();
const b = useTestDatabase();

const SCHEMA = `
CREATE SCHEMA qwat_vl;
CREATE TABLE qwat_vl.status (id int PRIMARY KEY, value_en text, active boolean);
CREATE TABLE qwat_vl.material (code text, version int, label text, PRIMARY KEY (code, version));
CREATE TABLE qwat_vl.log (message text);
CREATE TABLE qwat_vl."Odd ""t""" (id int PRIMARY KEY, "Va lue" text);
`;

beforeAll(async () => {
  const from = await a.connect();
  const to = await b.connect();
  await from.query(SCHEMA);
  await to.query(SCHEMA);
  await from.query(`INSERT INTO qwat_vl.status VALUES (1, 'planned', true), (2, 'active', true), (3, 'gone', false);
    INSERT INTO qwat_vl.material VALUES ('PE', 1, 'polyethylene'), ('Zürich 😀', 1, 'x');
    INSERT INTO qwat_vl.log VALUES ('a'), ('a'), ('b');
    INSERT INTO qwat_vl."Odd ""t""" VALUES (1, 'same')`);
  await to.query(`INSERT INTO qwat_vl.status VALUES (1, 'planned', true), (2, 'in use', true), (4, 'new', true);
    INSERT INTO qwat_vl.material VALUES ('PE', 1, 'polyethylene'), ('Zürich 😀', 1, 'x');
    INSERT INTO qwat_vl.log VALUES ('a'), ('b'), ('b');
    INSERT INTO qwat_vl."Odd ""t""" VALUES (1, 'same')`);
});

describe('pum check --data', () => {
  it('reports added, removed and changed rows per table, by primary key or as a multiset', async () => {
    const result = await pum(['check', a.url, b.url, '--data', 'qwat_vl.*', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = DiffReportSchema.parse(JSON.parse(result.stdout));
    expect(report.differences).toEqual([]);
    expect(report.data.map((t) => [t.table, t.mode, t.added, t.removed, t.changed])).toEqual([
      ['qwat_vl."Odd ""t"""', 'primary key', 0, 0, 0],
      ['qwat_vl.log', 'multiset', 1, 1, 0],
      ['qwat_vl.material', 'primary key', 0, 0, 0],
      ['qwat_vl.status', 'primary key', 1, 1, 1],
    ]);
    const status = report.data.find((t) => t.table === 'qwat_vl.status');
    expect(status?.samples).toEqual({
      added: ['(4,new,t)'],
      removed: ['(3,gone,f)'],
      changed: [{ key: '(2)', from: '(2,active,t)', to: '(2,"in use",t)' }],
    });
  });

  it('prints row differences in text and exits 0 when the rows are equal', async () => {
    const differing = await pum(['check', a.url, b.url, '--data', 'qwat_vl.status', '--data-limit', '1']);
    expect(differing.code).toBe(1);
    expect(differing.stdout).toContain(
      'data qwat_vl.status (primary key, 3 → 3 rows: 1 added, 1 removed, 1 changed)',
    );
    expect(differing.stdout).toContain('  ~ (2)\n      - (2,active,t)\n      + (2,"in use",t)');
    const equal = await pum(['check', a.url, b.url, '--data', 'qwat_vl.material', '--data', 'qwat_vl.Odd*']);
    expect(equal.stdout).toMatch(/no differences; rows equal in 2 tables\n/);
    expect(equal.code).toBe(0);
  });

  it('rejects an unknown table with one line and exit 2', async () => {
    const result = await pum(['check', a.url, b.url, '--data', 'qwat_vl.nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error --data qwat_vl\.nope: no such table in postgresql:\/\/.*\(PUM_INVALID_ARGUMENT\)\n/,
    );
  });

  it('rejects a snapshot file as a side of a data check', async () => {
    const result = await pum(['check', 'x.json', b.url, '--data', 'qwat_vl.*']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--data needs two databases, but x\.json is a snapshot file/);
  });

  it('reports a table the user may not read as one clear line', async () => {
    const admin = await a.connect();
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pum_no_select') THEN CREATE ROLE pum_no_select LOGIN; END IF;
    END $$; GRANT USAGE ON SCHEMA qwat_vl TO pum_no_select`);
    const asRole = (url: string) => {
      const u = new URL(url);
      u.username = 'pum_no_select';
      return u.href;
    };
    const result = await pum(['check', asRole(a.url), b.url, '--data', 'qwat_vl.status']);
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /^error reading the rows of "qwat_vl"\."status" failed: permission denied for table status \(PUM_SQL_ERROR\)\n/,
    );
    expect(result.stderr).not.toContain('internal error');
  });

  it('rejects a bad --data-limit before connecting', async () => {
    const result = await pum([
      'check',
      'postgres://u@127.0.0.1:1/x',
      b.url,
      '--data',
      't',
      '--data-limit',
      'many',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error --data-limit many: expected a whole number/);
  });
});
