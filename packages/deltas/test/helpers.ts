/** What the database tests of the delta runner share: per-test schemas, and reading back what a run did. */
import type pg from 'pg';
import { expect } from 'vitest';
import { UpgradeFailedError } from '../src/index.js';

/**
 * A maker of fresh schema names (`<prefix>1`, `<prefix>2`, …) with their history table, so the
 * tests of one file share its database safely.
 */
export function schemaNames(
  prefix: string,
): () => { schema: string; table: { schema: string; name: string } } {
  let counter = 0;
  return () => {
    const schema = `${prefix}${++counter}`;
    return { schema, table: { schema, name: 'pum_history' } };
  };
}

/** The tables of `schema`, by name. */
export async function tablesOf(client: pg.Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ t: string }>(
    'SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 ORDER BY 1',
    [schema],
  );
  return rows.map((r) => r.t);
}

/**
 * The columns of `schema.table` in order, each as `[name, data type, character maximum length,
 * is nullable, default]` from `information_schema.columns`.
 */
export async function columnsOf(client: pg.Client, schema: string, table: string): Promise<unknown[][]> {
  const { rows } = await client.query(
    `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
     FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => [
    r.column_name,
    r.data_type,
    r.character_maximum_length,
    r.is_nullable,
    r.column_default,
  ]);
}

/** A failure while files ran: an UpgradeFailedError with the report of what ran. */
export async function failure(promise: Promise<unknown>): Promise<UpgradeFailedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpgradeFailedError);
  return error as UpgradeFailedError;
}

/** Every query text `client` sends from now on (a query object counts by its text). */
export function recordQueries(client: pg.Client): string[] {
  const texts: string[] = [];
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
    texts.push(typeof config === 'string' ? config : String((config as { text?: unknown }).text));
    return query(config, ...rest);
  };
  return texts;
}
