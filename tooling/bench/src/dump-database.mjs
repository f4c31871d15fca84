// @ts-check
/**
 * The database of `bench:dump`: three tables of realistic types (bigint ids, text, numeric,
 * timestamps, PostGIS geometry when the server has it), filled with `INSERT … SELECT
 * generate_series` batch by batch until the database reaches a given size.
 */

/** The schema the tables live in. */
export const dumpSchema = 'bench_dump';

/** Rows of each table per "unit" of a batch: 1 owner, 10 parcels, 40 measurements. */
export const rowsPerUnit = { owners: 1, parcels: 10, measurements: 40 };

/**
 * DDL of the tables and their indexes (foreign keys come after the load: {@link dumpForeignKeysSql}).
 * @param {{ postgis: boolean }} options
 * @returns {string}
 * @example
 * ```js
 * await client.query(dumpSchemaSql({ postgis: true }));
 * ```
 */
export function dumpSchemaSql({ postgis }) {
  const s = dumpSchema;
  return `CREATE SCHEMA ${s};
CREATE TABLE ${s}.owners (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  email text,
  created_at timestamptz NOT NULL,
  balance numeric(12,2)
);
CREATE TABLE ${s}.parcels (
  id bigint PRIMARY KEY,
  owner_id bigint NOT NULL,
  label text NOT NULL,
  area numeric(14,3),
  valid_from date,
  updated_at timestamp${postgis ? ',\n  geom geometry(Polygon,2056)' : ''}
);
CREATE INDEX parcels_owner_id_idx ON ${s}.parcels (owner_id);
${postgis ? `CREATE INDEX parcels_geom_idx ON ${s}.parcels USING gist (geom);\n` : ''}CREATE TABLE ${s}.measurements (
  id bigint PRIMARY KEY,
  parcel_id bigint NOT NULL,
  measured_at timestamptz NOT NULL,
  value numeric(12,4),
  note text${postgis ? ',\n  location geometry(Point,2056)' : ''}
);
CREATE INDEX measurements_parcel_at_idx ON ${s}.measurements (parcel_id, measured_at);
COMMENT ON TABLE ${s}.parcels IS 'bench:dump synthetic parcels';`;
}

/**
 * The foreign keys, added once the rows are in (validated in one pass each).
 * @returns {string}
 */
export function dumpForeignKeysSql() {
  const s = dumpSchema;
  return `ALTER TABLE ${s}.parcels ADD FOREIGN KEY (owner_id) REFERENCES ${s}.owners;
ALTER TABLE ${s}.measurements ADD FOREIGN KEY (parcel_id) REFERENCES ${s}.parcels;`;
}

/**
 * One batch of rows: units `from + 1` to `from + units` (see {@link rowsPerUnit}), ids
 * contiguous across batches, every value derived from the id (no `random()`).
 * @param {{ from: number; units: number; postgis: boolean }} options
 * @returns {string}
 * @example
 * ```js
 * dumpFillSql({ from: 0, units: 1000, postgis: false }); // owners 1–1000, parcels 1–10 000, measurements 1–40 000
 * ```
 */
export function dumpFillSql({ from, units, postgis }) {
  if (!Number.isInteger(from) || !Number.isInteger(units) || from < 0 || units < 1)
    throw new RangeError(`bad batch: from ${from}, units ${units}`);
  const s = dumpSchema;
  const range = (/** @type {number} */ per) =>
    `generate_series(${from * per + 1}::bigint, ${(from + units) * per}::bigint)`;
  const x = '(2600000 + (i % 1000) * 25)';
  const y = '(1200000 + (i / 1000) % 1000 * 25)';
  return `INSERT INTO ${s}.owners (id, name, email, created_at, balance)
SELECT i, 'Owner ' || i || ' ' || substr(md5(i::text), 1, 12), 'owner' || i || '@example.org',
       timestamptz '2001-01-01 00:00+00' + i * interval '13 minutes', ((i * 7919) % 10000019) / 100.0
FROM ${range(rowsPerUnit.owners)} AS i;
INSERT INTO ${s}.parcels (id, owner_id, label, area, valid_from, updated_at${postgis ? ', geom' : ''})
SELECT i, (i - 1) / ${rowsPerUnit.parcels / rowsPerUnit.owners} + 1, 'parcel ' || lpad(i::text, 10, '0'),
       ((i * 104729) % 100000007) / 1000.0, date '1990-01-01' + (i % 12000)::int,
       timestamp '2020-01-01' + i * interval '7 seconds'${postgis ? `,\n       ST_MakeEnvelope(${x}, ${y}, ${x} + 10 + i % 13, ${y} + 10 + i % 7, 2056)` : ''}
FROM ${range(rowsPerUnit.parcels)} AS i;
INSERT INTO ${s}.measurements (id, parcel_id, measured_at, value, note${postgis ? ', location' : ''})
SELECT i, (i - 1) / ${rowsPerUnit.measurements / rowsPerUnit.parcels} + 1,
       timestamptz '2015-01-01 00:00+00' + i * interval '1 second', ((i * 15485863) % 1000000007) / 10000.0,
       'reading ' || i || ' ' || md5(i::text)${postgis ? `,\n       ST_SetSRID(ST_MakePoint(${x} + 0.5, ${y} + 0.5), 2056)` : ''}
FROM ${range(rowsPerUnit.measurements)} AS i;`;
}

/**
 * How many more units to insert to grow a database from `currentBytes` to `targetBytes`,
 * given what one unit cost so far, in batches of at most `maxUnits`.
 * @param {{ currentBytes: number; targetBytes: number; bytesPerUnit: number; maxUnits: number }} at
 * @returns {number[]} batch sizes (empty when the target is reached)
 * @example
 * ```js
 * planBatches({ currentBytes: 100, targetBytes: 1100, bytesPerUnit: 10, maxUnits: 40 }); // [40, 40, 20]
 * ```
 */
export function planBatches({ currentBytes, targetBytes, bytesPerUnit, maxUnits }) {
  if (currentBytes >= targetBytes || bytesPerUnit <= 0) return [];
  let left = Math.ceil((targetBytes - currentBytes) / bytesPerUnit);
  const out = [];
  while (left > 0) {
    const n = Math.min(left, maxUnits);
    out.push(n);
    left -= n;
  }
  return out;
}

/**
 * A URL without its password (which goes to `PGPASSWORD` instead), for a command line.
 * @param {string} url
 * @example
 * ```js
 * urlWithoutPassword('postgres://me:secret@db:5432/x'); // 'postgres://me@db:5432/x'
 * ```
 */
export function urlWithoutPassword(url) {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

/**
 * The same server URL, another database.
 * @param {string} url
 * @param {string} name
 */
export function urlOfDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

/**
 * Where two sets of row counts differ, as `table: found, expected`.
 * @param {Record<string, number>} found
 * @param {Record<string, number>} expected
 * @returns {string[]}
 */
export function countMismatches(found, expected) {
  const out = [];
  for (const table of [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort()) {
    if (found[table] !== expected[table])
      out.push(`${table}: ${found[table] ?? 'missing'}, expected ${expected[table] ?? 'none'}`);
  }
  return out;
}
