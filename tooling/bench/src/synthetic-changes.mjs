// @ts-check
/**
 * DDL that turns a copy of a synthetic database (see ./synthetic-schema.mjs) into a slightly
 * different one, and the differences `pum check` should then report, kind by kind.
 *
 * One table in a hundred is changed, each in one to three ways, in a mix like the drift
 * between a production database and a fresh build: a column type widened or a column added
 * (every changed table), an index dropped or added, a view or function body rewritten, a
 * trigger dropped, a table comment or a CHECK changed.
 */

import { syntheticNames, syntheticTable } from './synthetic-schema.mjs';

/**
 * @typedef {object} SyntheticChangeOptions
 * @property {number} tables Tables of the database to change (as made by `syntheticSchemaBatches`).
 * @property {number} [schemas] Its schemas. Default 10.
 * @property {number} [every] Change one table in `every`. Default 100.
 */

/**
 * Differences per object kind, as counted in a diff report's `summary.kinds`.
 * @typedef {Record<string, { added: number; removed: number; changed: number }>} KindCounts
 */

/**
 * The DDL as one batch, and the differences it makes: `expected` counts them the way a diff
 * report's `summary.kinds` does.
 * @param {SyntheticChangeOptions} options
 * @returns {{ sql: string; changedTables: number; expected: KindCounts }}
 * @example
 * ```js
 * const { sql, expected } = syntheticChanges({ tables: 10_000 });
 * await client.query(sql); // expected.columns: { added: 50, removed: 0, changed: 50 }
 * ```
 */
export function syntheticChanges(options) {
  const { tables, schemas = 10, every = 100 } = options;
  const names = syntheticNames(schemas);
  /** @type {KindCounts} */
  const expected = {};
  const count = (/** @type {string} */ kind, /** @type {'added' | 'removed' | 'changed'} */ how) => {
    expected[kind] ??= { added: 0, removed: 0, changed: 0 };
    expected[kind][how]++;
  };
  const sql = [];
  const changedTables = Math.floor(tables / every);
  for (let k = 0; k < changedTables; k++) {
    // Walk the schemas too, so that changes are not all in the first one.
    const { s, t, hasView, hasTrigger } = syntheticTable(k * every + (k % schemas), schemas);
    const table = names.table(s, t);
    if (k % 2 === 0) {
      sql.push(`ALTER TABLE ${table} ALTER COLUMN code TYPE varchar(40);`);
      count('columns', 'changed');
    } else {
      sql.push(`ALTER TABLE ${table} ADD COLUMN extra integer;`);
      count('columns', 'added');
    }
    if (k % 4 === 1) {
      sql.push(`DROP INDEX ${names.codeIndex(s, t)};`);
      count('indexes', 'removed');
    } else if (k % 4 === 2) {
      sql.push(`CREATE INDEX ${names.short(t)}_name_idx ON ${table} (name);`);
      count('indexes', 'added');
    }
    if (k % 5 === 0 && hasView) {
      sql.push(`CREATE OR REPLACE VIEW ${names.view(s, t)} AS
  SELECT id, name, status, amount FROM ${table} WHERE status <> 'draft';`);
      count('views', 'changed');
    } else if (k % 5 === 1 && hasView) {
      sql.push(`CREATE OR REPLACE FUNCTION ${names.nameFunction(s, t)}(p_id integer) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT name FROM ${table} WHERE id = p_id);
END
$$;`);
      count('functions', 'changed');
    }
    if (k % 10 === 2 && hasTrigger) {
      sql.push(`DROP TRIGGER ${names.trigger(t)} ON ${table};`);
      count('triggers', 'removed');
    } else if (k % 10 === 3) {
      sql.push(`COMMENT ON TABLE ${table} IS 'synthetic table ${s}.${t}, changed';`);
      count('tables', 'changed');
    } else if (k % 10 === 4) {
      const check = `${names.short(t)}_code_check`;
      sql.push(
        `ALTER TABLE ${table} DROP CONSTRAINT ${check}, ADD CONSTRAINT ${check} CHECK (char_length(code) BETWEEN 1 AND 30);`,
      );
      count('constraints', 'changed');
    }
  }
  return { sql: sql.join('\n'), changedTables, expected };
}
