/**
 * History kept somewhere else in the database. Before a run starts a new history (the table it
 * was told to use holds nothing of the module), it looks for tables that hold one — pum's,
 * PUM 0.x's upgrades tables and PUM 1.x's `pum_migrations`, in any schema, recognised by their
 * columns rather than their names — so a mistyped or forgotten `-t` does not run every delta
 * again on an upgraded database.
 */
import { type Queryable, qualifiedName } from '@pum/core';
import type { DeltaModule } from '../module/delta-file.js';
import type { TableName } from './history-table.js';
import { mostlyDeltasOf, type RecordedDelta, versionedIdentities } from './module-name.js';
import { isPum0Table, kindOfPum0Type } from './pum0-history.js';
import { isPum1Table } from './pum1-history.js';

type Entry = RecordedDelta;

/** The successful entries of a history table (of module `named`, unless null). */
async function readEntries(
  db: Queryable,
  table: TableName,
  format: OtherHistory['format'],
  named: string | null,
): Promise<Entry[]> {
  const q = qualifiedName(table.schema, table.name);
  if (format === 'pum0') {
    const { rows } = await db.query<{ version: string; name: string | null; type: number }>(
      `SELECT trim(version::text) AS version, description::text AS name, type::int AS type FROM ${q}
       WHERE version IS NOT NULL`,
    );
    return rows.map((r) => {
      const kind = kindOfPum0Type(r.type);
      return { version: r.version, name: kind === 'baseline' ? 'baseline' : (r.name ?? ''), kind };
    });
  }
  if (format === 'pum1') {
    const { rows } = await db.query<{ version: string; files: string[] | null }>(
      `SELECT trim(version::text) AS version, changelog_files::text[] AS files FROM ${q}
       WHERE $1::text IS NULL OR module = $1`,
      [named],
    );
    return rows.flatMap((r) =>
      r.files && r.files.length > 0
        ? r.files.map((file) => ({
            version: r.version,
            name: (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, ''),
            kind: 'delta',
          }))
        : [{ version: r.version, name: 'baseline', kind: 'baseline' }],
    );
  }
  const { rows } = await db.query<Entry>(
    `SELECT version, name, kind FROM ${q}
     WHERE success AND kind NOT IN ('repair', 'hook') AND version IS NOT NULL AND ($1::text IS NULL OR module = $1)`,
    [named],
  );
  return rows;
}

/** A table holding history, found beside the one a run was told to use. */
export interface OtherHistory {
  table: TableName;
  /** `pum`: pum's history; `pum0`: a PUM 0.x upgrades table; `pum1`: PUM 1.x's `pum_migrations`. */
  format: 'pum' | 'pum0' | 'pum1';
  /** The entries that concern the module: its deltas and baselines. */
  rows: number;
}

/** Whether a table's columns are those of pum's history table. */
function isPumTable(columns: readonly string[]): boolean {
  return ['module', 'version', 'name', 'kind', 'source', 'tool_version'].every((c) => columns.includes(c));
}

/**
 * The tables other than `exclude` that hold history of `module`: rows of the module (a named
 * module), or (a module named after its directory, or a PUM 0.x table, which has no module
 * column) rows that are mostly its deltas, or only baselines.
 *
 * @example
 * ```ts
 * const others = await findOtherHistory(client, module, [plan.table]);
 * ```
 */
export async function findOtherHistory(
  db: Queryable,
  module: DeltaModule,
  exclude: readonly TableName[],
): Promise<OtherHistory[]> {
  const { rows: tables } = await db.query<{ schema: string; name: string; columns: string[] }>(
    `SELECT n.nspname AS schema, c.relname AS name,
       ARRAY(SELECT attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
     FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND pg_catalog.has_table_privilege(c.oid, 'SELECT')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
       AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attname = 'version' AND NOT a.attisdropped)
     ORDER BY 1, 2`,
  );
  const excluded = new Set(exclude.map((t) => qualifiedName(t.schema, t.name)));
  const identities = versionedIdentities(module);
  // A module named after its directory is recognised by its deltas, whatever module name the rows
  // carry; a named module by its name.
  const named = module.nameFromDirectory === true ? null : module.name;
  const found: OtherHistory[] = [];
  for (const { schema, name, columns } of tables) {
    const table = { schema, name };
    if (excluded.has(qualifiedName(schema, name))) continue;
    const format = isPumTable(columns)
      ? 'pum'
      : isPum1Table(columns)
        ? 'pum1'
        : isPum0Table(columns)
          ? 'pum0'
          : undefined;
    if (!format) continue;
    const entries = await readEntries(db, table, format, named);
    // Rows of a named module are its history; else the table must be mostly this module's.
    const ours = named !== null && format !== 'pum0' ? true : mostlyDeltasOf(entries, identities, true);
    if (entries.length > 0 && ours) found.push({ table, format, rows: entries.length });
  }
  return found;
}
