/** How introspect() treats the connection it is given: its transaction, cancellation, errors. */
import { isPumError } from '@pum/core';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { introspect, introspectWithStats } from '../src/index.js';

const db = useTestDatabase();

describe('introspect()', () => {
  it('leaves the connection open, outside any transaction, with its search_path', async () => {
    const client = await db.connect();
    await client.query('SET search_path = public, pg_catalog');
    await introspect(client);
    const { rows } = await client.query<{ s: string; xact: string }>(
      "SELECT current_setting('search_path') AS s, now()::text AS xact",
    );
    expect(rows[0]?.s).toBe('public, pg_catalog');
    // A new statement gets a new transaction timestamp: no transaction was left open.
    const again = await client.query<{ xact: string }>('SELECT now()::text AS xact');
    expect(again.rows[0]?.xact).not.toBe(rows[0]?.xact);
  });

  it('uses a constant number of round trips whatever the catalog size', async () => {
    const client = await db.connect();
    const small = await introspectWithStats(client);
    await client.query(
      Array.from(
        { length: 200 },
        (_, i) => `CREATE TABLE rt_${i} (id int PRIMARY KEY, a text, b int CHECK (b > 0));`,
      ).join(''),
    );
    const large = await introspectWithStats(client);
    expect(large.snapshot.objects.tables.length).toBeGreaterThanOrEqual(200);
    expect(large.stats.queries).toBe(small.stats.queries);
    expect(large.stats.roundTrips).toBe(small.stats.roundTrips);
    expect(large.stats.roundTrips).toBeLessThanOrEqual(30);
  });

  it('streams big result sets in batches, counting each fetch', async () => {
    const client = await db.connect();
    const { stats, snapshot } = await introspectWithStats(client, { batchSize: 50 });
    expect(snapshot.objects.columns.length).toBeGreaterThan(500);
    const full = await introspectWithStats(client);
    expect(stats.roundTrips).toBeGreaterThan(full.stats.roundTrips + 10);
    expect(serialize(snapshot)).toBe(serialize(full.snapshot));
  });

  it('stops with PUM_ABORTED when its signal aborts, and rolls back', async () => {
    const client = await db.connect();
    const controller = new AbortController();
    controller.abort(new Error('user pressed cancel'));
    const error = await introspect(client, { signal: controller.signal }).catch((e: unknown) => e);
    expect(isPumError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PUM_ABORTED' });
    const { rows } = await client.query<{ n: number }>('SELECT 1 AS n');
    expect(rows[0]?.n).toBe(1);
  });

  it("refuses to run inside the caller's failed transaction, keeping the server error as cause", async () => {
    const client = await db.connect();
    await client.query('BEGIN');
    await client.query('SELECT 1/0').catch(() => {});
    const error = await introspect(client).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PUM_INVALID_ARGUMENT' });
    expect((error as { cause: { code: string } }).cause.code).toBe('25P02');
    await client.query('ROLLBACK');
  });

  it("refuses to run inside the caller's open transaction and leaves it open", async () => {
    const client = await db.connect();
    await client.query('BEGIN');
    await client.query('CREATE TABLE inside_txn (a int)');
    const error = await introspect(client).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringContaining('outside a transaction'),
    });
    // An explicit BEGIN before any statement is caught too (only a notice tells it apart).
    await client.query('ROLLBACK; BEGIN');
    await expect(introspect(client)).rejects.toMatchObject({ code: 'PUM_INVALID_ARGUMENT' });
    await client.query('ROLLBACK; BEGIN');
    await client.query('CREATE TABLE inside_txn (a int)');
    // The caller's transaction is still theirs: rolling it back undoes their table.
    await client.query('ROLLBACK');
    const { rows } = await client.query("SELECT to_regclass('inside_txn') AS t");
    expect(rows[0]?.t).toBeNull();
  });
});

function serialize(value: unknown): string {
  return JSON.stringify(value);
}
