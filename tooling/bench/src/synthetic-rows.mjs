// @ts-check
/**
 * A synthetic table of N rows for data comparisons, filled on the server with
 * `generate_series`, and the row changes (about 0.1 %) that make its copy differ.
 */

/** The schema the row tables live in. */
export const rowsSchema = 'bench_data';

/**
 * The table of `rows` rows, unqualified.
 * @param {number} rows
 */
export const rowsTable = (rows) => `rows_${rows}`;

/**
 * Statements that create and fill `bench_data.rows_<rows>`: `id bigint` primary key, a name, a
 * double, and a `geometry(Point,2056)` when PostGIS is there. The key is added after the load,
 * which is faster than maintaining it row by row.
 * @param {{ rows: number; postgis: boolean }} options
 * @returns {string}
 * @example
 * ```js
 * await client.query(syntheticRowsSql({ rows: 100_000, postgis: true }));
 * ```
 */
export function syntheticRowsSql({ rows, postgis }) {
  const table = `${rowsSchema}.${rowsTable(rows)}`;
  const geom = postgis ? ',\n  geom geometry(Point, 2056)' : '';
  const geomValue = postgis
    ? ',\n  ST_SetSRID(ST_MakePoint(2600000 + (g % 1000) * 10.5, 1200000 + (g / 1000) * 10.5), 2056)'
    : '';
  return `CREATE SCHEMA IF NOT EXISTS ${rowsSchema};
CREATE TABLE ${table} (
  id bigint NOT NULL,
  name text NOT NULL,
  value double precision${geom}
);
INSERT INTO ${table}
SELECT g, 'row ' || g, g / 7.0${geomValue}
FROM generate_series(1, ${rows}) AS g;
ALTER TABLE ${table} ADD PRIMARY KEY (id);`;
}

/** How many of the ids 1..`rows` are `residue` modulo `modulus` (0 < residue < modulus). */
const idsWithResidue = (
  /** @type {number} */ rows,
  /** @type {number} */ modulus,
  /** @type {number} */ residue,
) => (rows < residue ? 0 : Math.floor((rows - residue) / modulus) + 1);

/**
 * Statements that change about 0.1 % of the rows of a copy of the table: one in 2,000
 * updated, one in 4,000 deleted, as many new ones inserted past the last id. `expected` is
 * what a row comparison of the original (from) with the copy (to) should count.
 * @param {{ rows: number; postgis: boolean }} options
 * @returns {{ sql: string; expected: { fromRows: number; toRows: number; added: number; removed: number; changed: number } }}
 */
export function syntheticRowChanges({ rows, postgis }) {
  const table = `${rowsSchema}.${rowsTable(rows)}`;
  // Residues 7 and 1234 never meet: 1234 mod 2000 is not 7, so no row is both changed and deleted.
  const changed = idsWithResidue(rows, 2000, 7);
  const removed = idsWithResidue(rows, 4000, 1234);
  const added = Math.floor(rows / 4000);
  const geomValue = postgis ? ', ST_SetSRID(ST_MakePoint(2500000 + g, 1100000), 2056)' : '';
  const sql = `UPDATE ${table} SET value = value + 1 WHERE id % 2000 = 7;
DELETE FROM ${table} WHERE id % 4000 = 1234;
INSERT INTO ${table}
SELECT g, 'new row ' || g, g / 3.0${geomValue}
FROM generate_series(${rows + 1}, ${rows + added}) AS g;`;
  return { sql, expected: { fromRows: rows, toRows: rows - removed + added, added, removed, changed } };
}
