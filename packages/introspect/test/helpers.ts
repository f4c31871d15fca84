/** Shared helpers of the introspection tests: run SQL in a fresh schema, snapshot it. */
import type pg from 'pg';
import { type IntrospectOptions, introspect, type Snapshot } from '../src/index.js';

let counter = 0;

/**
 * Run `sql` in a new schema of its own (it is the search_path, so the SQL may use unqualified
 * names) and return the schema name and a snapshot of that schema only.
 */
export async function snapshotOf(
  client: pg.Client,
  sql: string,
  options: IntrospectOptions = {},
): Promise<{ schema: string; snapshot: Snapshot }> {
  const schema = `t${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  await client.query(
    `CREATE SCHEMA ${schema}; SET search_path = ${schema}, public; ${sql}; RESET search_path`,
  );
  const snapshot = await introspect(client, { includeSchemas: [schema], ...options });
  return { schema, snapshot };
}

/** The one object of `list` whose `name` is `name`. */
export function named<T extends { name: string }>(list: readonly T[], name: string): T {
  const found = list.filter((item) => item.name === name);
  if (found.length !== 1) throw new Error(`expected one object named ${name}, found ${found.length}`);
  return found[0] as T;
}
