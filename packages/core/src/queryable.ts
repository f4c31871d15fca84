/**
 * The narrow view of a PostgreSQL connection the libraries need. A `pg.Client`, a
 * `pg.PoolClient` and a `pg.Pool` all satisfy it, so callers keep control of their
 * connections; libraries never close what they did not open.
 */

/** The part of a `pg` query result the libraries read. */
export interface QueryResultLike<Row> {
  rows: Row[];
  rowCount: number | null;
}

/**
 * Anything that runs a parameterised query: `pg.Client`, `pg.PoolClient`, `pg.Pool`.
 *
 * @example
 * ```ts
 * async function serverVersion(db: Queryable): Promise<string> {
 *   const { rows } = await db.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
 *   return rows[0]!.v;
 * }
 * ```
 */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg's own signature so pg clients fit
  query<Row = any>(text: string, values?: unknown[]): Promise<QueryResultLike<Row>>;
}
