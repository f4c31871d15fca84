// @ts-check
/**
 * DDL of a synthetic database of N tables, as a short list of multi-statement batches (one
 * simple-protocol round trip each), so that 10 000 tables build in seconds.
 *
 * Shape, per table: 8 columns (a `geometry(Point,2056)` one when PostGIS is there), a primary
 * key, one more index, a foreign key to the previous table of its schema, a CHECK and a
 * comment. Per 5 tables a view and a plpgsql function; per 10 tables a trigger. Tables are
 * spread evenly over `schemas` schemas, which also hold the enum and domain types.
 */

/**
 * @typedef {object} SyntheticSchemaOptions
 * @property {number} tables Number of tables.
 * @property {number} [schemas] Schemas to spread them over. Default 10.
 * @property {number} [enums] Enum types. Default 20.
 * @property {number} [domains] Domain types. Default 20.
 * @property {boolean} [postgis] Give each table a `geometry(Point,2056)` column. Default `false`.
 * @property {number} [batchSize] Tables per batch. Default 500.
 */

/**
 * @typedef {object} SyntheticSchemaCounts
 * @property {number} schemas
 * @property {number} tables
 * @property {number} views
 * @property {number} functions plpgsql functions, trigger functions included
 * @property {number} triggers
 * @property {number} enums
 * @property {number} domains
 */

const pad = (/** @type {number} */ n, /** @type {number} */ width) => String(n).padStart(width, '0');

/**
 * Names of the synthetic objects, shared by the DDL and by whoever checks or changes the result.
 * `s` is a schema number, `t` a table number within its schema.
 * @param {number} schemas
 */
export function syntheticNames(schemas) {
  const schema = (/** @type {number} */ s) => `bench_${pad(s, 2)}`;
  const short = (/** @type {number} */ t) => `t_${pad(t, 5)}`;
  return {
    schema,
    /** The table's unqualified name, also the prefix of its constraints, index and trigger. */
    short,
    table: (/** @type {number} */ s, /** @type {number} */ t) => `${schema(s)}.${short(t)}`,
    codeIndex: (/** @type {number} */ s, /** @type {number} */ t) => `${schema(s)}.${short(t)}_code_idx`,
    view: (/** @type {number} */ s, /** @type {number} */ t) => `${schema(s)}.v_${pad(t, 5)}`,
    nameFunction: (/** @type {number} */ s, /** @type {number} */ t) => `${schema(s)}.name_of_${pad(t, 5)}`,
    /** Unqualified, as `DROP TRIGGER … ON <table>` wants it. */
    trigger: (/** @type {number} */ t) => `${short(t)}_touch`,
    enumType: (/** @type {number} */ k) => `${schema(k % schemas)}.status_${pad(k, 2)}`,
    domainType: (/** @type {number} */ k) => `${schema(k % schemas)}.amount_${pad(k, 2)}`,
    touchFunction: (/** @type {number} */ s) => `${schema(s)}.touch_updated_at`,
  };
}

/**
 * Where table number `i` (0-based, in creation order) goes and what comes with it: schema
 * `i % schemas`, as that schema's table number `floor(i / schemas)`, so that every batch touches
 * every schema and each table's neighbour already exists; a view and a function per 5 tables
 * of a schema, a trigger per 10.
 * @param {number} i
 * @param {number} schemas
 */
export function syntheticTable(i, schemas) {
  const t = Math.floor(i / schemas);
  return { s: i % schemas, t, hasView: t % 5 === 0, hasTrigger: t % 10 === 0 };
}

/**
 * How many objects of each kind {@link syntheticSchemaBatches} creates.
 * @param {SyntheticSchemaOptions} options
 * @returns {SyntheticSchemaCounts}
 */
export function syntheticSchemaCounts(options) {
  const { tables, schemas = 10, enums = 20, domains = 20 } = options;
  let views = 0;
  let functions = schemas;
  let triggers = 0;
  for (let i = 0; i < tables; i++) {
    const { hasView, hasTrigger } = syntheticTable(i, schemas);
    if (hasView) {
      views++;
      functions++;
    }
    if (hasTrigger) triggers++;
  }
  return { schemas, tables, views, functions, triggers, enums, domains };
}

/**
 * The DDL, as batches to run one after the other: the first makes schemas and types, each next
 * one `batchSize` tables with their views, functions and triggers.
 *
 * @param {SyntheticSchemaOptions} options
 * @returns {string[]}
 * @example
 * ```js
 * for (const sql of syntheticSchemaBatches({ tables: 1000, postgis: true })) await client.query(sql);
 * ```
 */
export function syntheticSchemaBatches(options) {
  const { tables, schemas = 10, enums = 20, domains = 20, postgis = false, batchSize = 500 } = options;
  const names = syntheticNames(schemas);
  const head = [];
  for (let s = 0; s < schemas; s++) {
    head.push(`CREATE SCHEMA ${names.schema(s)};`);
    head.push(`COMMENT ON SCHEMA ${names.schema(s)} IS 'synthetic schema ${s}';`);
    head.push(`CREATE FUNCTION ${names.touchFunction(s)}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;`);
  }
  for (let k = 0; k < enums; k++) {
    head.push(`CREATE TYPE ${names.enumType(k)} AS ENUM ('draft', 'active', 'retired', 'state_${k}');`);
  }
  for (let k = 0; k < domains; k++) {
    head.push(
      `CREATE DOMAIN ${names.domainType(k)} AS numeric(12, 2) CHECK (VALUE >= 0 AND VALUE < ${(k + 1) * 1000});`,
    );
  }

  const batches = [head.join('\n')];
  for (let start = 0; start < tables; start += batchSize) {
    const parts = [];
    for (let i = start; i < Math.min(tables, start + batchSize); i++) {
      parts.push(tableDdl(names, syntheticTable(i, schemas), { enums, domains, postgis }));
    }
    batches.push(parts.join('\n'));
  }
  return batches;
}

/**
 * @param {ReturnType<typeof syntheticNames>} names
 * @param {ReturnType<typeof syntheticTable>} placement
 * @param {{ enums: number; domains: number; postgis: boolean }} types
 */
function tableDdl(names, placement, types) {
  const { s, t } = placement;
  const table = names.table(s, t);
  const short = names.short(t);
  const neighbour = names.table(s, Math.max(0, t - 1));
  const spatial = types.postgis ? 'geom geometry(Point, 2056)' : 'note text';
  const out = [
    `CREATE TABLE ${table} (
  id integer NOT NULL,
  parent_id integer,
  name text NOT NULL,
  code varchar(20) NOT NULL DEFAULT 'x',
  status ${names.enumType(t % types.enums)} NOT NULL DEFAULT 'draft',
  amount ${names.domainType(t % types.domains)},
  updated_at timestamptz NOT NULL DEFAULT now(),
  ${spatial},
  CONSTRAINT ${short}_pkey PRIMARY KEY (id),
  CONSTRAINT ${short}_parent_fkey FOREIGN KEY (parent_id) REFERENCES ${neighbour} (id) ON DELETE SET NULL,
  CONSTRAINT ${short}_code_check CHECK (char_length(code) BETWEEN 1 AND 20)
);`,
    `CREATE INDEX ${short}_code_idx ON ${table} (code, status);`,
    `COMMENT ON TABLE ${table} IS 'synthetic table ${s}.${t}';`,
  ];
  if (placement.hasView) {
    out.push(`CREATE VIEW ${names.view(s, t)} AS
  SELECT id, name, status, amount FROM ${table} WHERE status <> 'retired';`);
    out.push(`CREATE FUNCTION ${names.nameFunction(s, t)}(p_id integer) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
  result text;
BEGIN
  SELECT name INTO result FROM ${table} WHERE id = p_id;
  RETURN coalesce(result, '?');
END
$$;`);
  }
  if (placement.hasTrigger) {
    out.push(`CREATE TRIGGER ${names.trigger(t)} BEFORE UPDATE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION ${names.touchFunction(s)}();`);
  }
  return out.join('\n');
}
