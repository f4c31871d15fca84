/**
 * Printing views and SQL-standard function bodies locks what they read until the transaction
 * ends; introspect() prints them in batches and releases those locks after each batch, so a
 * catalog of tens of thousands of views never fills the server's lock table.
 */
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEPARSE_BATCH } from '../src/catalog/deparsed.js';
import { introspect } from '../src/index.js';

const db = useTestDatabase();

const VIEWS = DEPARSE_BATCH + 100;

/** Relation locks held by the backend `pid`, read from another session. */
async function relationLocks(observer: pg.Client, pid: number): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_catalog.pg_locks WHERE pid = $1 AND locktype = 'relation'",
    [pid],
  );
  return rows[0]?.n ?? 0;
}

describe('introspect() and the locks of printing', () => {
  it('releases the locks of each batch of views and SQL-standard bodies, and reads them all', async () => {
    const client = await db.connect();
    await client.query(
      Array.from(
        { length: VIEWS },
        (_, i) =>
          `CREATE TABLE t_${i} (id int PRIMARY KEY, a int); CREATE VIEW v_${i} AS SELECT id, a FROM t_${i};`,
      ).join('') +
        'CREATE MATERIALIZED VIEW m_1 AS SELECT id FROM t_1;' +
        'CREATE FUNCTION f_1() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t_2; END;' +
        "CREATE FUNCTION g_1() RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN 1; END';",
    );
    const observer = await db.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_catalog.pg_backend_pid() AS pid')).rows[0]
      ?.pid;
    // After every query introspect() sends, while it waits: how many relation locks it holds.
    const seen: { sql: string; locks: number }[] = [];
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    const watched = client as unknown as { query: (...args: unknown[]) => unknown };
    watched.query = (...args: unknown[]) => {
      const [first] = args;
      if (typeof first !== 'string') return query(...args);
      return query(...args).then(async (result) => {
        seen.push({ sql: first, locks: await relationLocks(observer, pid as number) });
        return result;
      });
    };
    const snapshot = await introspect(client);
    watched.query = query;

    const printing = seen.filter((s) => /pg_get_viewdef|pg_get_functiondef\(o\.oid\)/.test(s.sql));
    const released = seen.filter((s) => s.sql.startsWith('ROLLBACK TO SAVEPOINT'));
    // Two batches of views, one of SQL-standard bodies, each followed by its rollback.
    expect(printing).toHaveLength(3);
    expect(released).toHaveLength(3);
    // A full batch of views holds a lock on each table they read (before PostgreSQL 16, on each
    // view too)…
    expect(printing[0]?.locks).toBeGreaterThanOrEqual(DEPARSE_BATCH);
    // …which its rollback lets go of: what remains are the catalogs and their indexes read so far.
    for (const after of released) expect(after.locks).toBeLessThan(100);

    const views = snapshot.objects.views;
    expect(views).toHaveLength(VIEWS);
    // Printed as introspect() prints them: with only pg_catalog on the search path.
    await client.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog', false)");
    const expected = await client.query<{ name: string; definition: string }>(
      "SELECT c.relname AS name, pg_catalog.pg_get_viewdef(c.oid) AS definition FROM pg_catalog.pg_class c WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace",
    );
    const byName = new Map(expected.rows.map((r) => [r.name, r.definition]));
    for (const view of views) expect(view.definition).toBe(byName.get(view.name));
    expect(snapshot.objects.materializedViews.map((m) => m.definition)).toEqual([
      expect.stringContaining('FROM public.t_1'),
    ]);
    const fns = new Map(snapshot.objects.functions.map((f) => [f.name, f.definition]));
    expect(fns.get('f_1')).toMatch(/BEGIN ATOMIC[\s\S]*FROM public.t_2/);
    expect(fns.get('g_1')).toMatch(/LANGUAGE plpgsql/);
    await observer.end();
  });
});
