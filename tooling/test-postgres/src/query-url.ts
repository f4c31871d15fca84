/** One short-lived query on a connection of its own, for tests that must not keep sessions open. */
import pg from 'pg';

/**
 * Run `sql` on `url` with a connection of its own, closed before returning: a session left open
 * on a database changes how it can be copied (`CREATE DATABASE … TEMPLATE` needs none).
 */
export async function queryUrl<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}
