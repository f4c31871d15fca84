/**
 * Column position (issue 16 item 5): new columns go in the target's order, an order the plan
 * cannot reach is a `manual` step (never a plan that claims to be complete), and the steps of a
 * partial plan still apply without breaking other objects.
 */
import { introspect, type Snapshot } from '@pum/introspect';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, diffSnapshots, formatPlanSql, planMigration } from '../../src/index.js';
import { changeLines } from '../pair.js';
import { forServer, type PlanCase, usePlanCorpus } from './harness.js';

const corpus = usePlanCorpus();

const cases: PlanCase[] = [
  {
    name: 'new columns added in the target order, not name order',
    from: 'CREATE TABLE t (id int)',
    to: 'CREATE TABLE t (id int, zz text, mm int, aa date)',
  },
  {
    name: 'a column dropped and another added in its place at the end',
    from: 'CREATE TABLE t (a int, b int)',
    to: 'CREATE TABLE t (a int, c text)',
  },
  {
    name: 'a generated column replaced keeps its place when it is last',
    from: 'CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a * 2) STORED)',
    to: 'CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a * 3) STORED)',
  },
  {
    name: 'an identity column becomes a plain nullable one',
    from: 'CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, n text)',
    to: 'CREATE TABLE t (id int, n text)',
  },
  {
    name: "a parent's column that an inheritance child declares too",
    from: 'CREATE TABLE p (a int, b int); CREATE TABLE c (b int) INHERITS (p)',
    to: 'CREATE TABLE p (a int); CREATE TABLE c (b int) INHERITS (p)',
  },
  {
    name: "a column a parent adds for its inheritance child (the child's default its own)",
    from: 'CREATE TABLE a_parent (a int); CREATE TABLE b_child () INHERITS (a_parent)',
    to: `CREATE TABLE a_parent (a int, b int DEFAULT 1); CREATE TABLE b_child () INHERITS (a_parent);
      ALTER TABLE ONLY b_child ALTER COLUMN b SET DEFAULT 2`,
  },
];

describe('plan corpus: column position', () => {
  it.each(forServer(cases))('$name', async (c) => {
    await corpus.check(c);
  });
});

const fromDb = useTestDatabase();
const toDb = useTestDatabase();
let from: pg.Client;
let to: pg.Client;
let counter = 0;

beforeAll(async () => {
  from = await fromDb.connect();
  to = await toDb.connect();
});

/** Snapshots of schema `qN` built with `fromSql` on one side and `toSql` on the other. */
async function sides(fromSql: string, toSql: string): Promise<[Snapshot, Snapshot, string]> {
  const schema = `q${++counter}`;
  const build = (client: pg.Client, sql: string) =>
    client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}, public; ${sql}; RESET search_path`);
  await build(from, fromSql);
  await build(to, toSql);
  const options = { includeSchemas: [schema] };
  return [await introspect(from, options), await introspect(to, options), schema];
}

/** Apply `plan` to the `from` side; what differs from `target` afterwards. */
async function applied(plan: ReturnType<typeof planMigration>, schema: string, target: Snapshot) {
  try {
    await applyPlan(from, plan);
  } catch (error) {
    throw new Error(`the plan failed: ${(error as Error).message}\n${formatPlanSql(plan).main}`);
  }
  return changeLines(diffSnapshots(await introspect(from, { includeSchemas: [schema] }), target));
}

describe('column positions a plan cannot reach', () => {
  it('a column the target puts between existing ones: manual, not complete; the rest applies', async () => {
    const [a, b, s] = await sides(
      'CREATE TABLE t (a int, c int); CREATE TABLE u (x int)',
      'CREATE TABLE t (a int, b int, c int); CREATE TABLE u (x int, y int)',
    );
    const plan = planMigration(a, b);
    expect(plan.complete).toBe(false);
    const manual = plan.steps.filter((step) => step.hazards.includes('manual'));
    expect(manual).toEqual([
      {
        sql: `-- "${s}"."t": after this plan its columns are ("a", "c", "b"), the target has ("a", "b", "c"); pum adds columns at the end and does not reorder them`,
        object: `table:${s}.t`,
        action: 'alter',
        transactional: true,
        hazards: ['manual'],
      },
    ]);
    // What is left is the order of t, nothing else.
    expect(await applied(plan, s, b)).toEqual([
      `columns ~ ${s}.t.b: position`,
      `columns ~ ${s}.t.c: position`,
    ]);
  });

  it('a dropped column replaced by a new one that the target puts in the middle', async () => {
    const [a, b, s] = await sides(
      'CREATE TABLE t (a int, b int, c int)',
      'CREATE TABLE t (a int, x int, c int)',
    );
    const plan = planMigration(a, b, { allowDestructive: true });
    expect(plan.complete).toBe(false);
    expect(plan.steps.filter((step) => step.hazards.includes('manual')).map((step) => step.object)).toEqual([
      `table:${s}.t`,
    ]);
    expect(await applied(plan, s, b)).toEqual([
      `columns ~ ${s}.t.c: position`,
      `columns ~ ${s}.t.x: position`,
    ]);
  });

  it('columns only moved: manual', async () => {
    const [a, b] = await sides('CREATE TABLE t (a int, b int)', 'CREATE TABLE t (b int, a int)');
    const plan = planMigration(a, b);
    expect(plan.complete).toBe(false);
    expect(plan.steps.map((step) => step.hazards)).toEqual([['manual']]);
  });

  it("a parent's column dropped ONLY: the inheritance child keeps its column as its own", async () => {
    const [a, b, s] = await sides(
      'CREATE TABLE p (a int, b int); CREATE TABLE c () INHERITS (p); INSERT INTO c VALUES (1, 2)',
      'CREATE TABLE p (a int); CREATE TABLE c (b int) INHERITS (p)',
    );
    const plan = planMigration(a, b, { allowDestructive: true });
    expect(plan.steps.map((step) => step.sql)).toEqual([`ALTER TABLE ONLY "${s}"."p" DROP COLUMN "b";`]);
    expect(plan.complete).toBe(true);
    expect(await applied(plan, s, b)).toEqual([]);
    expect((await from.query(`SELECT b FROM ${s}.c`)).rows).toEqual([{ b: 2 }]);
  });
});
