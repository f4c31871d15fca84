/** Reading a query through a cursor a batch at a time: batch edges, early stops, errors. */
import { useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cursorBatches } from '../src/cursor-batches.js';

const db = useTestDatabase();

/** Every batch of `SELECT generate_series(1, n)`, with the round trips counted. */
async function read(client: pg.Client, n: number, batchSize: number) {
  let roundTrips = 0;
  const batches: number[][] = [];
  for await (const batch of cursorBatches<{ i: number }>(
    client,
    'SELECT i FROM generate_series(1, $1::int) AS i',
    [n],
    batchSize,
    () => roundTrips++,
  )) {
    batches.push(batch.map((row) => row.i));
  }
  return { batches, roundTrips };
}

/** The session answers a plain query: no cursor or portal left behind. */
async function expectUsable(client: pg.Client) {
  const { rows } = await client.query<{ one: number }>('SELECT 1 AS one');
  expect(rows).toEqual([{ one: 1 }]);
}

describe('cursorBatches()', () => {
  it('hands over full batches, then the short last one', async () => {
    const client = await db.connect();
    const { batches, roundTrips } = await read(client, 25, 10);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(roundTrips).toBe(3);
    await expectUsable(client);
  });

  it('ends cleanly when the rows fill the last batch exactly, or there are none', async () => {
    const client = await db.connect();
    const exact = await read(client, 20, 10);
    expect(exact.batches.map((batch) => batch.length)).toEqual([10, 10]);
    // The fetch after a full batch finds nothing: one more round trip, no empty batch.
    expect(exact.roundTrips).toBe(3);
    const none = await read(client, 0, 10);
    expect(none.batches).toEqual([]);
    expect(none.roundTrips).toBe(1);
    await expectUsable(client);
  });

  // A cursor left open would keep the session busy: the next query would wait forever, so these
  // tests have a timeout of their own, wide but far below the suite's.
  it('closes the cursor when the reader stops early, with the next batch in flight', {
    timeout: 30_000,
  }, async () => {
    const client = await db.connect();
    await client.query('BEGIN');
    const seen: number[] = [];
    for await (const batch of cursorBatches<{ i: number }>(
      client,
      'SELECT i FROM generate_series(1, 1000) AS i',
      [],
      100,
      () => {},
    )) {
      seen.push(...batch.map((row) => row.i));
      if (seen.length >= 200) break;
    }
    expect(seen).toHaveLength(200);
    // Still in the same transaction, its portals closed.
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_catalog.pg_cursors',
    );
    expect(rows[0]?.n).toBe(0);
    await client.query('COMMIT');
    await expectUsable(client);
  });

  it('closes the cursor when the reader throws, and passes its error on', { timeout: 30_000 }, async () => {
    const client = await db.connect();
    const reading = (async () => {
      for await (const _batch of cursorBatches(client, 'SELECT generate_series(1, 50)', [], 10, () => {})) {
        throw new Error('mapping failed');
      }
    })();
    await expect(reading).rejects.toThrow('mapping failed');
    await expectUsable(client);
  });

  it('stays quiet when the batch in flight fails after the reader has stopped', {
    timeout: 30_000,
  }, async () => {
    const client = await db.connect();
    // The server's errors reach the connection as 'errorMessage' events (pg's own protocol layer).
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    const reading = (async () => {
      for await (const _batch of cursorBatches(
        client,
        'SELECT 1 / (15 - i) AS v FROM generate_series(1, 30) AS i',
        [],
        10,
        () => {},
      )) {
        // The second batch (rows 11–20) is already asked for, and fails: wait for that, then stop.
        await new Promise((resolve) => connection.once('errorMessage', resolve));
        throw new Error('mapping failed');
      }
    })();
    await expect(reading).rejects.toThrow('mapping failed');
    await expectUsable(client);
    await expectUsable(client);
  });

  it('throws the server error of a later batch, and leaves the session usable', async () => {
    const client = await db.connect();
    // Row 15 divides by zero: the first batch arrives, the second fails.
    const got: number[] = [];
    const failing = (async () => {
      for await (const batch of cursorBatches<{ v: number }>(
        client,
        'SELECT 1 / (15 - i) AS v FROM generate_series(1, 30) AS i',
        [],
        10,
        () => {},
      )) {
        got.push(...batch.map((row) => row.v));
      }
    })();
    await expect(failing).rejects.toThrow(/division by zero/);
    expect(got).toHaveLength(10);
    await expectUsable(client);
  });
});
