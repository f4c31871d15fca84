/**
 * History written by PUM (0.x upgrades tables, 1.x `pum_migrations`), found and read as
 * entries to adopt into our history, once each.
 */
import { isVersion, type Queryable } from '@pum/core';
import type { DeltaKind, DeltaModule } from '../module/delta-file.js';
import { DEFAULT_HISTORY_TABLE, type TableName, tableColumns } from './history-table.js';
import { isPum0Table, kindOfPum0Type, pum0Source, readPum0History } from './pum0-history.js';
import { isPum1Table, readPum1History } from './pum1-history.js';

/** One applied file (or baseline) PUM recorded. */
export interface LegacyEntry {
  /** Where it came from, unique: `pum0:<table>#<id>` or `pum1:<table>#<id>/<file>`. */
  source: string;
  version: string | null;
  name: string;
  kind: DeltaKind;
  path: string | null;
  /** PUM 0.x's md5 of the file, when recorded. */
  md5: string | null;
  success: boolean;
  /** The parameter values PUM 1.x recorded with the version; empty for PUM 0.x. */
  parameters: Record<string, unknown>;
  /** PUM 1.x's `beta_testing`; false for PUM 0.x. */
  betaTesting: boolean;
}

/**
 * The history table used when none is asked for: `<migration_table_schema>.pum_history` for a
 * PUM 1.x module, else `public.pum_history`.
 */
export function defaultHistoryTable(module: DeltaModule): TableName {
  const schema = (module as { migrationTable?: TableName }).migrationTable?.schema;
  return schema ? { schema, name: 'pum_history' } : DEFAULT_HISTORY_TABLE;
}

/** A PUM history table found next to ours. */
export interface LegacyTable {
  table: TableName;
  format: 'pum0' | 'pum1';
  columns: string[];
}

/** Our history table and, when there is one, PUM's. */
export interface HistoryTables {
  table: TableName;
  /** Our table's columns; `undefined` when it does not exist yet. */
  columns: string[] | undefined;
  legacy: LegacyTable | undefined;
}

/**
 * Decide which table holds our history and which PUM table to adopt:
 * - `requested` names a PUM 0.x upgrades table (`qwat_sys.info`): ours is `<schema>.pum_history`;
 * - a PUM 1.x module: PUM's `<migration_table_schema>.pum_migrations` is adopted when it exists,
 *   ours is `requested` or `<migration_table_schema>.pum_history`;
 * - else ours is `requested` (default `public.pum_history`).
 */
export async function findHistoryTables(
  db: Queryable,
  module: DeltaModule,
  requested: TableName | undefined,
): Promise<HistoryTables> {
  const migrationSchema = (module as { migrationTable?: TableName }).migrationTable?.schema;
  if (requested) {
    const columns = await tableColumns(db, requested);
    if (columns && isPum0Table(columns)) {
      const table = { schema: requested.schema, name: 'pum_history' };
      return {
        table,
        columns: await tableColumns(db, table),
        legacy: { table: requested, format: 'pum0', columns },
      };
    }
  }
  const table = requested ?? defaultHistoryTable(module);
  const columns = await tableColumns(db, table);
  if (migrationSchema) {
    const pum1 = { schema: migrationSchema, name: 'pum_migrations' };
    const pum1Columns = await tableColumns(db, pum1);
    if (pum1Columns && isPum1Table(pum1Columns))
      return { table, columns, legacy: { table: pum1, format: 'pum1', columns: pum1Columns } };
  }
  return { table, columns, legacy: undefined };
}

/** Read what PUM recorded, as entries. */
export async function readLegacyEntries(
  db: Queryable,
  legacy: LegacyTable,
  module: DeltaModule,
): Promise<LegacyEntry[]> {
  if (legacy.format === 'pum1') {
    // A .pum.yaml without pum.module (older PUM 1.x): PUM's rows, whatever module they name.
    const declared = (module as { config?: { pum?: { module?: string } } }).config?.pum?.module;
    const pum1 = module.layout === 'pum1' && declared === undefined ? undefined : module.name;
    return readPum1History(db, legacy.table, pum1);
  }
  return (await readPum0History(db, legacy.table, legacy.columns))
    .filter((row) => row.version !== null && isVersion(row.version.trim()))
    .map((row) => {
      const kind = kindOfPum0Type(row.type);
      return {
        source: pum0Source(legacy.table, row.id),
        version: row.version?.trim() ?? null,
        name: kind === 'baseline' ? 'baseline' : (row.description ?? ''),
        kind,
        path: row.script,
        md5: row.checksum,
        success: row.success,
        parameters: {},
        betaTesting: false,
      };
    });
}
