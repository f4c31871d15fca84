/**
 * PUM 1.x's beta testing: a database installed or upgraded with `--beta-testing` runs a version
 * that may never be released as it is, so it takes no further upgrade unless forced.
 */
import { type Queryable, qualifiedName } from '@pum/core';
import type { UpgradePlan } from './plan.js';

/** Whether a successful run of the module was recorded as beta testing (by us or by PUM 1.x). */
export async function inBetaTesting(db: Queryable, plan: UpgradePlan): Promise<boolean> {
  if (plan.legacy?.entries.some((e) => e.success && e.betaTesting)) return true;
  if (!plan.tableExists) return false;
  const { rows } = await db.query<{ beta: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${qualifiedName(plan.table.schema, plan.table.name)}
       WHERE module = $1 AND success AND beta_testing) AS beta`,
    [plan.module.name],
  );
  return rows[0]?.beta === true;
}
