/**
 * Which tables a run writes: pum's history and, when there is one, PUM's. A PUM 0.x directory's
 * `-t` table that does not exist yet (other than a `pum_history`) is PUM's upgrades table, as
 * `-t` always named it for PUM 0.x: it is created in PUM 0.10's layout, and pum's history beside
 * it in `<schema>.pum_history` — by `baseline` and `upgrade` alike, so PUM 0.x can read the
 * database afterwards. Otherwise the plan's tables.
 */
import type { Queryable } from '@pum/core';
import { type TableName, tableColumns } from '../history/history-table.js';
import type { PumMirrorTarget } from '../history/pum-mirror.js';
import { findPumTarget } from '../history/pum-target.js';
import type { DeltaModule } from '../module/delta-file.js';
import type { UpgradePlan } from './plan.js';

/** The tables of {@link runTables}. */
export interface RunTables {
  /** pum's history table, and whether it exists yet. */
  ours: { table: TableName; exists: boolean };
  /** The PUM table written beside it, if any. */
  target: PumMirrorTarget | undefined;
}

/**
 * The history tables a run of `module` planned as `plan` writes.
 *
 * @param requested - the table asked for (`-t`), if any.
 * @example
 * ```ts
 * const { ours, target } = await runTables(client, module, plan, { schema: 'qwat_sys', name: 'info' });
 * // a new database: ours.table is qwat_sys.pum_history, target.table qwat_sys.info (PUM 0.10's layout)
 * ```
 */
export async function runTables(
  db: Queryable,
  module: DeltaModule,
  plan: UpgradePlan,
  requested: TableName | undefined,
): Promise<RunTables> {
  const missing = !plan.tableExists && plan.legacy === undefined; // then plan.table is `requested`
  if (module.layout === 'pum0' && requested && missing && requested.name !== 'pum_history') {
    const table = { schema: requested.schema, name: 'pum_history' };
    return {
      ours: { table, exists: (await tableColumns(db, table)) !== undefined },
      target: { format: 'pum0', table: requested, columns: undefined, ours: table, module: plan.module.name },
    };
  }
  return {
    ours: { table: plan.table, exists: plan.tableExists },
    target: await findPumTarget(db, module, plan.table, plan.module.name, plan.legacy),
  };
}
