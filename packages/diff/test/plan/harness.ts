/**
 * The plan corpus harness. Each case is a `from` and a `to` schema. Both are built (in schema
 * `pN` of two databases), then in each direction: plan → apply to the source → re-introspect →
 * the diff against the target must be empty, and `pg_dump --schema-only` of the migrated schema
 * must equal the target's. The plan's text is applied as a person would, with `psql -f` on one
 * copy of the source and `psql -1` on another (the server's psql; `applyPlan()` when the server
 * has no binaries), and psql must print no warning.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

/** Warnings about the test server's settings, not about the plan (a publication on a server without `wal_level = logical`). */
const SERVER_SETTING_WARNINGS = /WARNING: {2}wal_level is insufficient/;

/** Roles the cases may use as owners and grantees. */
export const CORPUS_ROLES = ['pum_plan_reader', 'pum_plan_owner'];

/** Databases for a corpus file and the check that runs one case both ways. */
export function usePlanCorpus(options: { postgis?: boolean; setup?: string } = {}) {
  const a = useTestDatabase({ postgis: options.postgis });
  const b = useTestDatabase({ postgis: options.postgis });
  // Second copies of each side, where the plan runs with `psql -1`.
  const a1 = useTestDatabase({ postgis: options.postgis });
  const b1 = useTestDatabase({ postgis: options.postgis });
  let ca: pg.Client;
  let cb: pg.Client;
  let ca1: pg.Client;
  let cb1: pg.Client;
  let counter = 0;

  beforeAll(async () => {
    ca = await a.connect();
    cb = await b.connect();
    ca1 = await a1.connect();
    cb1 = await b1.connect();
    const roles = CORPUS_ROLES.map(
      (r) => `IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN CREATE ROLE ${r}; END IF;`,
    ).join('\n');
    await ca.query(`DO $$ BEGIN ${roles} END $$`).catch(() => {});
    if (options.setup !== undefined) {
      for (const c of [ca, cb, ca1, cb1]) await c.query(options.setup);
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

  /**
   * Run the plan's text with psql as a person would: `psql -f` (no transaction of its own) or
   * `psql -1`, stopping at the first error; a warning (`SET LOCAL` outside a transaction) fails too.
   */
  const psql = async (url: string, plan: MigrationPlan, single: boolean): Promise<boolean> => {
    const binDir = a.server.binDir;
    if (binDir === undefined) return false;
    const { main, noTransaction } = formatPlanSql(plan);
    const dir = await mkdtemp(join(tmpdir(), 'pum-plan-'));
    try {
      const files: [string, string, boolean][] = [[join(dir, 'main.sql'), main, single]];
      if (noTransaction !== null) files.push([join(dir, 'online.sql'), noTransaction, false]);
      for (const [file, text, one] of files) {
        await writeFile(file, text);
        const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...(one ? ['-1'] : []), '-f', file, url];
        let stderr: string;
        try {
          ({ stderr } = await run(join(binDir, 'psql'), args, { maxBuffer: 64 * 1024 * 1024 }));
        } catch (error) {
          throw new Error(
            `psql ${one ? '-1 ' : ''}-f failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}\n${text}`,
          );
        }
        const warnings = stderr
          .split('\n')
          .filter((line) => /\b(WARNING|ERROR):/.test(line) && !SERVER_SETTING_WARNINGS.test(line));
        expect(warnings, `psql ${one ? '-1 ' : ''}-f\n${text}`).toEqual([]);
      }
      return true;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  async function oneWay(
    client: pg.Client,
    url: string,
    copy: { client: pg.Client; url: string },
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
    if (!(await psql(url, plan, false))) {
      try {
        await applyPlan(client, plan);
      } catch (error) {
        throw new Error(`the plan failed: ${(error as Error).message}\n${sql}`);
      }
    } else await psql(copy.url, plan, true);
    for (const [c, u] of [
      [client, url],
      [copy.client, copy.url],
    ] as const) {
      if (c === copy.client && a.server.binDir === undefined) continue;
      const migrated = await snapshot(c, schema);
      expect(changeLines(diffSnapshots(migrated, target)), sql).toEqual([]);
      if (targetDump !== null) expect(await dump(u, schema), sql).toBe(targetDump);
    }
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
        await build(ca1, c.from);
        await build(cb1, c.to);
        const [sa, sb] = await Promise.all([snapshot(ca, schema), snapshot(cb, schema)]);
        const [dumpA, dumpB] = await Promise.all([dump(a.url, schema), dump(b.url, schema)]);
        if (dumpA === null) {
          skipCheck('pg_dump --schema-only of each migrated schema equals its target', 'pg_dump');
          skipCheck('the plan text applies with psql -f and with psql -1', 'pg_dump');
        }
        const forward = await oneWay(
          ca,
          a.url,
          { client: ca1, url: a1.url },
          schema,
          sa,
          sb,
          dumpB,
          planOptions,
        );
        const backward = await oneWay(
          cb,
          b.url,
          { client: cb1, url: b1.url },
          schema,
          sb,
          sa,
          dumpA,
          planOptions,
        );
        return [forward, backward];
      } finally {
        if (c.cleanup !== undefined) {
          const cleanup = c.cleanup.replaceAll('{schema}', schema);
          for (const client of [ca, cb, ca1, cb1]) await client.query(cleanup).catch(() => {});
        }
      }
    },
  };
}
