/**
 * Two databases side by side: each case builds the same-named schema in both, with the
 * `from` SQL on one side and the `to` SQL on the other, and diffs their snapshots.
 */
import { introspect } from '@pum/introspect';
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { beforeAll } from 'vitest';
import { type DiffOptions, type DiffReport, diffSnapshots } from '../src/index.js';

/** A pair of databases for a test file and a way to diff SQL variants in them. */
export function useDatabasePair(options: { postgis?: boolean } = {}) {
  const fromDb = useTestDatabase(options);
  const toDb = useTestDatabase(options);
  let from: pg.Client;
  let to: pg.Client;
  let counter = 0;

  beforeAll(async () => {
    if (options.postgis && !fromDb.server.postgisTemplate) return;
    from = await fromDb.connect();
    to = await toDb.connect();
    const roles = `DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pum_diff_reader') THEN CREATE ROLE pum_diff_reader; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pum_diff_owner') THEN CREATE ROLE pum_diff_owner; END IF;
    END $$`;
    await from.query(roles);
  });

  return {
    get from() {
      return from;
    },
    get to() {
      return to;
    },
    /** The two databases (URL, server), valid from `beforeAll` on. */
    fromDb,
    toDb,
    /** The schema the last {@link diff} built (`cN`). */
    get lastSchema() {
      return `c${counter}`;
    },
    /**
     * Build schema `cN` with `fromSql` on one side and `toSql` on the other (`{schema}` in the
     * SQL stands for its name), and diff the two.
     */
    async diff(fromSql: string, toSql: string, diffOptions: DiffOptions = {}): Promise<DiffReport> {
      const schema = `c${++counter}`;
      const build = (client: pg.Client, sql: string) =>
        client.query(
          `CREATE SCHEMA ${schema}; SET search_path = ${schema}, public; ${sql.replaceAll('{schema}', schema)}; RESET search_path`,
        );
      await build(from, fromSql);
      await build(to, toSql);
      const [a, b] = await Promise.all([
        introspect(from, { includeSchemas: [schema] }),
        introspect(to, { includeSchemas: [schema] }),
      ]);
      return diffSnapshots(a, b, diffOptions);
    },
  };
}

export { changeLines } from '../src/index.js';
