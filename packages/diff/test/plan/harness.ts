/**
 * The plan corpus harness. Each case is a `from` and a `to` schema. Both are built (in schema
 * `pN` of two databases), then in each direction: plan → apply to the source → re-introspect →
 * the diff against the target must be empty, and `pg_dump --schema-only` of the migrated schema
 * must equal the target's.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { introspect, type Snapshot } from '@pum/introspect';
import { getTestServer, skipCheck, useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll, expect } from 'vitest';
import {
  applyPlan,
  diffSnapshots,
  formatPlanSql,
  type MigrationPlan,
  type PlanOptions,
  planMigration,
} from '../../src/index.js';
import { changeLines } from '../pair.js';

const run = promisify(execFile);

/** One pair of the corpus. `{schema}` in the SQL stands for the case's schema, which is also first on the search_path. */
export interface PlanCase {
  name: string;
  from: string;
  to: string;
  /** SQL run on both databases afterwards, for objects outside the case's schema (event triggers, publications). */
  cleanup?: string;
  /** The first PostgreSQL major with the SQL the case uses (`NULLS NOT DISTINCT`: 15). */
  minMajor?: number;
}

/** The cases the test server can run: older majors lack some syntax. */
export function forServer(cases: readonly PlanCase[]): PlanCase[] {
  const { major } = getTestServer();
  return cases.filter((c) => (c.minMajor ?? 0) <= major);
}

/** Roles the cases may use as owners and grantees. */
export const CORPUS_ROLES = ['pum_plan_reader', 'pum_plan_owner'];

/** Databases for a corpus file and the check that runs one case both ways. */
export function usePlanCorpus(options: { postgis?: boolean; setup?: string } = {}) {
  const a = useTestDatabase({ postgis: options.postgis });
  const b = useTestDatabase({ postgis: options.postgis });
  let ca: pg.Client;
  let cb: pg.Client;
  let counter = 0;

  beforeAll(async () => {
    ca = await a.connect();
    cb = await b.connect();
    const roles = CORPUS_ROLES.map(
      (r) => `IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN CREATE ROLE ${r}; END IF;`,
    ).join('\n');
    await ca.query(`DO $$ BEGIN ${roles} END $$`).catch(() => {});
    if (options.setup !== undefined) {
      await ca.query(options.setup);
      await cb.query(options.setup);
    }
  });

  const dump = async (url: string, schema: string): Promise<string | null> => {
    const binDir = a.server.binDir;
    if (binDir === undefined) return null;
    const { stdout } = await run(
      join(binDir, 'pg_dump'),
      ['--schema-only', `--schema=${schema}`, `--dbname=${url}`],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    // Lines that differ between any two dumps: the header and psql's \restrict keys.
    return stdout
      .split('\n')
      .filter((line) => !/^\\(un)?restrict /.test(line) && !line.startsWith('-- Dumped'))
      .join('\n');
  };

  const snapshot = (client: pg.Client, schema: string) => introspect(client, { includeSchemas: [schema] });

  async function oneWay(
    client: pg.Client,
    url: string,
    schema: string,
    source: Snapshot,
    target: Snapshot,
    targetDump: string | null,
    planOptions: PlanOptions,
  ): Promise<MigrationPlan> {
    const plan = planMigration(source, target, { allowDestructive: true, ...planOptions });
    const sql = formatPlanSql(plan).main;
    expect(plan.unsupported, sql).toEqual([]);
    expect(plan.withheld, sql).toEqual([]);
    expect(plan.complete, sql).toBe(true);
    try {
      await applyPlan(client, plan);
    } catch (error) {
      throw new Error(`the plan failed: ${(error as Error).message}\n${sql}`);
    }
    const migrated = await snapshot(client, schema);
    expect(changeLines(diffSnapshots(migrated, target)), sql).toEqual([]);
    if (targetDump !== null) expect(await dump(url, schema), sql).toBe(targetDump);
    return plan;
  }

  return {
    /** The `from` side's connection (after `check`, holding the migrated schema). */
    get from(): pg.Client {
      return ca;
    },
    /** Build the case, then plan, apply and verify from → to, then to → from. Returns both plans. */
    async check(c: PlanCase, planOptions: PlanOptions = {}): Promise<[MigrationPlan, MigrationPlan]> {
      const schema = `p${++counter}`;
      const build = (client: pg.Client, sql: string) =>
        client.query(
          `CREATE SCHEMA ${schema}; SET search_path = ${schema}, public; ${sql.replaceAll('{schema}', schema)}; RESET search_path`,
        );
      // Objects outside the schema are cleaned up whatever happens: a failed case must not
      // leave database-wide objects (servers, publications) to the next cases.
      try {
        await build(ca, c.from);
        await build(cb, c.to);
        const [sa, sb] = await Promise.all([snapshot(ca, schema), snapshot(cb, schema)]);
        const [dumpA, dumpB] = await Promise.all([dump(a.url, schema), dump(b.url, schema)]);
        if (dumpA === null)
          skipCheck('pg_dump --schema-only of each migrated schema equals its target', 'pg_dump');
        const forward = await oneWay(ca, a.url, schema, sa, sb, dumpB, planOptions);
        const backward = await oneWay(cb, b.url, schema, sb, sa, dumpA, planOptions);
        return [forward, backward];
      } finally {
        if (c.cleanup !== undefined) {
          const cleanup = c.cleanup.replaceAll('{schema}', schema);
          await ca.query(cleanup).catch(() => {});
          await cb.query(cleanup).catch(() => {});
        }
      }
    },
  };
}
