/**
 * What a plan refuses or leaves to a person: destructive steps without allowDestructive,
 * dropping PostGIS ever, changes that cannot be expressed; and the online strategies (applied:
 * the migrated schema equals the target).
 */
import { introspect, type Snapshot } from '@pum/introspect';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, diffSnapshots, formatPlanSql, planMigration } from '../../src/index.js';
import { changeLines } from '../pair.js';

// Plain databases: only the PostGIS test below asks for PostGIS, so that without it only that
// test is skipped.
const fromDb = useTestDatabase();
const toDb = useTestDatabase();
let from: pg.Client;
let to: pg.Client;
let counter = 0;

beforeAll(async () => {
  from = await fromDb.connect();
  to = await toDb.connect();
});

/** Snapshots of schema `sN` built with `fromSql` on one side and `toSql` on the other. */
async function sides(fromSql: string, toSql: string, whole = false): Promise<[Snapshot, Snapshot, string]> {
  const schema = `s${++counter}`;
  const build = (client: pg.Client, sql: string) =>
    client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}, public; ${sql}; RESET search_path`);
  await build(from, fromSql);
  await build(to, toSql);
  const options = whole ? {} : { includeSchemas: [schema] };
  return [await introspect(from, options), await introspect(to, options), schema];
}

describe('plan safety', () => {
  it('withholds destructive steps unless allowed, and says the plan is incomplete', async () => {
    const [a, b, s] = await sides(
      'CREATE TABLE t (id int, gone text); CREATE TABLE old (id int)',
      'CREATE TABLE t (id int)',
    );
    const careful = planMigration(a, b);
    expect(careful.steps).toEqual([]);
    expect(careful.withheld.map((w) => [w.sql, w.withheld])).toEqual([
      [`ALTER TABLE "${s}"."t" DROP COLUMN "gone";`, 'destructive'],
      [`DROP TABLE "${s}"."old";`, 'destructive'],
    ]);
    expect(careful.complete).toBe(false);
    expect(formatPlanSql(careful).main).toContain(`--   DROP TABLE "${s}"."old";`);
    const bold = planMigration(a, b, { allowDestructive: true });
    expect(bold.steps.map((step) => step.sql)).toEqual(careful.withheld.map((w) => w.sql));
    expect(bold.complete).toBe(true);
  });

  it('marks a lossy type change as data loss and a widening one as a rewrite only', async () => {
    const [a, b] = await sides('CREATE TABLE t (a int, b text)', 'CREATE TABLE t (a bigint, b varchar(10))');
    const plan = planMigration(a, b, { allowDestructive: true });
    const hazards = Object.fromEntries(
      plan.steps.map((step) => [step.object.split('.').pop(), step.hazards]),
    );
    expect(hazards).toEqual({
      a: ['table-rewrite', 'access-exclusive-lock'],
      b: ['data-loss', 'table-rewrite', 'access-exclusive-lock'],
    });
    expect(planMigration(a, b).withheld.map((w) => w.object.split('.').pop())).toEqual(['b']);
  });

  it('leaves a column order it cannot reach to a person', async () => {
    const [a, b] = await sides('CREATE TABLE t (a int, c int)', 'CREATE TABLE t (a int, b int, c int)');
    const plan = planMigration(a, b);
    expect(plan.steps.map((step) => step.hazards)).toContainEqual(['manual']);
    expect(plan.complete).toBe(false);
  });

  it('does not rebuild an enum a domain uses: that is left to a person', async () => {
    const [a, b] = await sides(
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE DOMAIN m AS mood; CREATE TABLE t (m m)",
      "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE DOMAIN m AS mood; CREATE TABLE t (m m)",
    );
    const plan = planMigration(a, b, { allowDestructive: true });
    expect(plan.unsupported).toEqual([
      {
        object: expect.stringMatching(/^type:s\d+\.mood$/),
        message: expect.stringMatching(/type:s\d+\.m uses it/),
      },
    ]);
    expect(plan.steps.some((step) => step.object.startsWith('type:'))).toBe(false);
    expect(plan.complete).toBe(false);
  });

  it('does not rebuild an enum a composite type a column uses has: that is left to a person', async () => {
    const [a, b, s] = await sides(
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TYPE pair AS (m mood, n int); CREATE TABLE t (m mood, p pair)",
      "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TYPE pair AS (m mood, n int); CREATE TABLE t (m mood, p pair)",
    );
    const plan = planMigration(a, b, { allowDestructive: true });
    expect(new Set(plan.unsupported.map((u) => u.object))).toEqual(new Set([`type:${s}.mood`]));
    expect(plan.steps.some((step) => step.object.startsWith('type:'))).toBe(false);
    expect(plan.complete).toBe(false);
  });

  it('does not rebuild an enum a partition key uses: that is left to a person', async () => {
    const table =
      "CREATE TABLE t (m mood) PARTITION BY LIST (m); CREATE TABLE t_a PARTITION OF t FOR VALUES IN ('a')";
    const [a, b, s] = await sides(
      `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); ${table}`,
      `CREATE TYPE mood AS ENUM ('a', 'c'); ${table}`,
    );
    const plan = planMigration(a, b, { allowDestructive: true });
    expect(new Set(plan.unsupported.map((u) => u.object))).toEqual(new Set([`type:${s}.mood`]));
    expect(plan.steps.some((step) => step.object.startsWith('type:'))).toBe(false);
    expect(plan.complete).toBe(false);
  });

  it('does not rebuild an enum under a column a generated column uses: that is left to a person', async () => {
    const table = "CREATE TABLE t (m mood, is_a boolean GENERATED ALWAYS AS (m = 'a') STORED)";
    const [a, b, s] = await sides(
      `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); ${table}`,
      `CREATE TYPE mood AS ENUM ('a', 'c'); ${table}`,
    );
    const plan = planMigration(a, b, { allowDestructive: true });
    expect(new Set(plan.unsupported.map((u) => u.object))).toEqual(new Set([`type:${s}.mood`]));
    expect(plan.complete).toBe(false);
  });

  it('online: indexes built concurrently in a file of their own, constraints added NOT VALID then validated', async () => {
    const base = 'CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int, p int, n int)';
    const [a, b] = await sides(
      base,
      `${base}; CREATE INDEX t_n ON t (n); ALTER TABLE t ADD CONSTRAINT t_p FOREIGN KEY (p) REFERENCES p; ALTER TABLE t ADD CONSTRAINT pos CHECK (n > 0)`,
    );
    const plan = planMigration(a, b, { online: true });
    const sql = plan.steps.map((step) => step.sql);
    expect(sql.filter((s) => s.endsWith('NOT VALID;'))).toHaveLength(2);
    expect(sql.filter((s) => s.includes('VALIDATE CONSTRAINT'))).toHaveLength(2);
    const concurrently = plan.steps.find((step) => step.sql.includes('CONCURRENTLY'));
    expect(concurrently).toMatchObject({ transactional: false, hazards: ['non-transactional'] });
    const text = formatPlanSql(plan);
    expect(text.main).not.toContain('CONCURRENTLY');
    expect(text.noTransaction).toMatch(/^-- pum:no-transaction\n/);
    expect(text.noTransaction).toContain('CREATE INDEX CONCURRENTLY t_n ON');
  });

  it('online: VALIDATE after the NOT VALID commits, UNIQUE and PRIMARY KEY from indexes built concurrently; the plan reaches the target', async () => {
    const [a, b, s] = await sides(
      "CREATE TABLE p (id int); CREATE TABLE t (id int, p int, n int, code text); INSERT INTO p VALUES (1); INSERT INTO t VALUES (1, 1, 1, 'a')",
      `CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE t (id int, p int, n int, code text);
       ALTER TABLE t ADD CONSTRAINT t_code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED;
       ALTER TABLE t ADD CONSTRAINT t_p FOREIGN KEY (p) REFERENCES p; ALTER TABLE t ADD CONSTRAINT pos CHECK (n > 0)`,
    );
    const plan = planMigration(a, b, { online: true });
    const step = (pattern: RegExp) => plan.steps.find((x) => pattern.test(x.sql));
    const at = (pattern: RegExp) => plan.steps.findIndex((x) => pattern.test(x.sql));
    expect(step(/ADD CONSTRAINT "pos" CHECK .* NOT VALID;$/)).toMatchObject({ transactional: true });
    expect(step(/VALIDATE CONSTRAINT "pos"/)).toMatchObject({ transactional: false });
    expect(step(/VALIDATE CONSTRAINT "t_p"/)).toMatchObject({ transactional: false });
    expect(step(/CREATE UNIQUE INDEX CONCURRENTLY t_code_key ON/)).toMatchObject({
      transactional: false,
      hazards: ['non-transactional'],
    });
    expect(step(/CREATE UNIQUE INDEX CONCURRENTLY p_pkey ON/)).toMatchObject({ transactional: false });
    expect(
      step(/ADD CONSTRAINT "t_code_key" UNIQUE USING INDEX "t_code_key" DEFERRABLE INITIALLY DEFERRED;$/),
    ).toMatchObject({
      transactional: false,
    });
    expect(step(/ADD CONSTRAINT "p_pkey" PRIMARY KEY USING INDEX "p_pkey";$/)).toMatchObject({
      transactional: false,
    });
    // The foreign key needs p's primary key, built after the transaction: it comes after it.
    expect(step(/ADD CONSTRAINT "t_p" FOREIGN KEY .* NOT VALID;$/)).toMatchObject({ transactional: false });
    expect(at(/CREATE UNIQUE INDEX CONCURRENTLY p_pkey/)).toBeLessThan(
      at(/"p_pkey" PRIMARY KEY USING INDEX/),
    );
    expect(at(/"p_pkey" PRIMARY KEY USING INDEX/)).toBeLessThan(at(/ADD CONSTRAINT "t_p"/));
    expect(at(/ADD CONSTRAINT "t_p"/)).toBeLessThan(at(/VALIDATE CONSTRAINT "t_p"/));
    const text = formatPlanSql(plan);
    expect(text.main).not.toMatch(/VALIDATE|USING INDEX|CONCURRENTLY/);
    expect(text.noTransaction).toContain('VALIDATE CONSTRAINT "pos"');

    await applyPlan(from, plan);
    const migrated = await introspect(from, { includeSchemas: [s] });
    expect(changeLines(diffSnapshots(migrated, b))).toEqual([]);
  });

  it('says why an unchanged object is dropped and created again', async () => {
    const [a, b] = await sides(
      'CREATE TABLE t (n int); CREATE VIEW v1 AS SELECT n FROM t; CREATE VIEW v2 AS SELECT n FROM v1',
      'CREATE TABLE t (n bigint); CREATE VIEW v1 AS SELECT n FROM t; CREATE VIEW v2 AS SELECT n FROM v1',
    );
    const plan = planMigration(a, b);
    const v2 = plan.steps.find((step) => step.object.endsWith('.v2') && step.action === 'drop');
    expect(v2?.reason).toMatch(/^recreated: it uses view:s\d+\.v1, which changes$/);
  });
});

describe('plan safety with PostGIS', () => {
  const gisDb = useTestDatabase({ postgis: true });

  it('never drops PostGIS, even with allowDestructive', async () => {
    const withPostgis = await introspect(await gisDb.connect());
    const withoutPostgis: Snapshot = {
      ...withPostgis,
      objects: {
        ...withPostgis.objects,
        extensions: withPostgis.objects.extensions.filter((e) => e.name !== 'postgis'),
      },
    };
    const plan = planMigration(withPostgis, withoutPostgis, { allowDestructive: true });
    expect(plan.steps.some((step) => /DROP EXTENSION/.test(step.sql))).toBe(false);
    expect(plan.withheld).toMatchObject([{ sql: 'DROP EXTENSION "postgis";', withheld: 'never' }]);
    expect(formatPlanSql(plan).main).toContain('--   DROP EXTENSION "postgis";  (never emitted by pum)');
    expect(plan.complete).toBe(false);
  });
});
