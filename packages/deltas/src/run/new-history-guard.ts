/**
 * The refusal to start a new history on a database that already has one elsewhere: a mistyped
 * or forgotten `-t` must not run every delta again on an upgraded database.
 */
import { PumError, PumErrorCode, type Queryable, qualifiedName } from '@pum/core';
import type { TableName } from '../history/history-table.js';
import { findOtherHistory, type OtherHistory } from '../history/other-history.js';
import { pumSourcePrefix } from '../history/source-tag.js';
import type { UpgradePlan } from './plan.js';

const FORMAT: Record<OtherHistory['format'], string> = {
  pum: "pum's history",
  pum0: 'a PUM 0.x upgrades table',
  pum1: "PUM 1.x's pum_migrations",
};

/** Whether the plan found any history of its module (ours or PUM's, adopted or not). */
export function hasHistory(plan: UpgradePlan): boolean {
  return (
    plan.currentVersion !== undefined ||
    plan.baselineVersion !== undefined ||
    (plan.legacy?.entries.length ?? 0) > 0 ||
    plan.files.some((f) => f.history !== undefined)
  );
}

/**
 * The tables other than the plan's that hold history of its module, the likeliest first, when
 * the plan found none of it; `[]` otherwise.
 *
 * @example
 * ```ts
 * const others = await historyElsewhere(client, await planUpgrade(client, module, { table }));
 * ```
 */
export async function historyElsewhere(db: Queryable, plan: UpgradePlan): Promise<OtherHistory[]> {
  if (hasHistory(plan)) return mirroredElsewhere(db, plan);
  const looked = plan.legacy ? [plan.table, plan.legacy.table] : [plan.table];
  // The table holding the most is the likeliest one meant.
  return (await findOtherHistory(db, plan.module, looked)).sort((a, b) => b.rows - a.rows);
}

/**
 * When the plan's only history is PUM's table and that table is what pum recorded there from
 * another of pum's history tables (its rows linked to PUM's), that table: the history meant.
 * A database PUM upgraded, adopted for the first time, has no such table.
 */
async function mirroredElsewhere(db: Queryable, plan: UpgradePlan): Promise<OtherHistory[]> {
  const legacy = plan.legacy;
  if (!legacy || legacy.entries.length === 0) return [];
  if (plan.tableExists) {
    const { rows } = await db.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${qualifiedName(plan.table.schema, plan.table.name)} WHERE module = $1) AS any`,
      [plan.module.name],
    );
    if (rows[0]?.any) return [];
  }
  const prefix = pumSourcePrefix(legacy.format, legacy.table);
  const linked: OtherHistory[] = [];
  for (const other of await findOtherHistory(db, plan.module, [plan.table, legacy.table])) {
    if (other.format !== 'pum') continue;
    const { rows } = await db.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${qualifiedName(other.table.schema, other.table.name)}
         WHERE starts_with(source, $1)) AS any`,
      [prefix],
    );
    if (rows[0]?.any) linked.push(other);
  }
  return linked.sort((a, b) => b.rows - a.rows);
}

/**
 * What to say about `others` (from {@link historyElsewhere}): where the history is and which
 * option was likely meant.
 *
 * @example
 * ```ts
 * historyElsewhereMessage(plan.table, others);
 * // 'this database already has history in "qwat_sys"."info" (…), but none in …; did you mean -t "qwat_sys"."info"?'
 * ```
 */
export function historyElsewhereMessage(table: TableName, others: readonly OtherHistory[]): string {
  const name = (o: OtherHistory) => qualifiedName(o.table.schema, o.table.name);
  const first = others[0] as OtherHistory;
  const listed = others.map((o) => `${name(o)} (${FORMAT[o.format]}, ${o.rows} row(s))`).join(', ');
  const suggestion =
    first.format === 'pum1'
      ? `check pum.migration_table_schema in .pum.yaml (PUM 1.x's table is ${name(first)})`
      : `did you mean -t ${name(first)}?`;
  return `this database already has history in ${listed}, but none in ${qualifiedName(table.schema, table.name)}; ${suggestion}`;
}

/**
 * Refuse to run `plan` (or to record a baseline) when it would start a new history although
 * other tables hold one — also when nothing is pending, as the run would still make the table.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` naming the tables found, before anything is
 *   changed.
 */
export async function refuseNewHistory(db: Queryable, plan: UpgradePlan): Promise<void> {
  // Also when nothing is pending: the run would still make the mistyped table and copy PUM's rows into it.
  const others = await historyElsewhere(db, plan);
  if (others.length === 0) return;
  throw new PumError(PumErrorCode.InvalidArgument, historyElsewhereMessage(plan.table, others), {
    hint: 'nothing was changed; to start a new history in this table on purpose, add --new-history',
    details: { table: plan.table, others },
  });
}
