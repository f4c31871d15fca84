/**
 * Which PUM table a run keeps beside pum's history: the PUM 0.x upgrades table it adopts (named
 * with `-t`), or, for a PUM 1.x module, its `<migration_table_schema>.pum_migrations` (created as
 * PUM 1.8 creates it when missing). Runs of modules PUM never managed keep none.
 */
import { type Queryable, qualifiedName, type Version } from '@pum/core';
import type { DeltaFile, DeltaModule } from '../module/delta-file.js';
import { type TableName, tableColumns } from './history-table.js';
import type { PumMirrorTarget } from './pum-mirror.js';
import { isPum1Table } from './pum1-history.js';

/** The parts of a PUM 1.x module the target needs. */
interface Pum1Parts {
  migrationTable: TableName;
  config: { pum: { module?: string | undefined } };
  changelogs: readonly { version: Version; files: readonly DeltaFile[]; appOnly: boolean }[];
}

function pum1Parts(module: DeltaModule): Pum1Parts | undefined {
  const parts = module as Partial<Pum1Parts>;
  return module.layout === 'pum1' && parts.migrationTable && parts.changelogs && parts.config
    ? (parts as Pum1Parts)
    : undefined;
}

/**
 * The PUM table a run of `module` writes, or `undefined` when none.
 *
 * @param ours - pum's history table.
 * @param moduleName - the module as pum's rows name it.
 * @param legacy - the PUM table the plan adopts, if any.
 */
export async function findPumTarget(
  db: Queryable,
  module: DeltaModule,
  ours: TableName,
  moduleName: string,
  legacy: { table: TableName; format: 'pum0' | 'pum1' } | undefined,
): Promise<PumMirrorTarget | undefined> {
  if (legacy?.format === 'pum0') {
    return {
      format: 'pum0',
      table: legacy.table,
      columns: await tableColumns(db, legacy.table),
      ours,
      module: moduleName,
    };
  }
  const pum1 = pum1Parts(module);
  if (!pum1) return undefined;
  const columns = await tableColumns(db, pum1.migrationTable);
  // A table of that name that is not PUM's is left alone.
  if (columns && !isPum1Table(columns)) return undefined;
  const recorded = columns ? await recordedVersions(db, pum1.migrationTable) : new Set<string>();
  return {
    format: 'pum1',
    table: pum1.migrationTable,
    columns,
    ours,
    module: moduleName,
    // PUM's column holds 50 characters; a module named after its directory may be longer.
    pumModule: pum1.config.pum.module ?? moduleName.slice(0, 50),
    versions: new Map(pum1.changelogs.map((c) => [c.version.text, c.files])),
    appOnlyVersions: pum1.changelogs
      .filter((c) => c.appOnly && !recorded.has(c.version.text))
      .map((c) => c.version),
  };
}

/** The versions `pum_migrations` records. */
async function recordedVersions(db: Queryable, table: TableName): Promise<Set<string>> {
  const { rows } = await db.query<{ version: string }>(
    `SELECT DISTINCT trim(version) AS version FROM ${qualifiedName(table.schema, table.name)}`,
  );
  return new Set(rows.map((r) => r.version));
}
