/** Running a plan on a connection the caller owns. */
import type { Queryable } from '@pum/core';
import type { MigrationPlan } from './migration-plan.js';

/**
 * Run `plan` on `client`: its transactional steps in one transaction (rolled back whole if a
 * step fails), then the others (`CREATE INDEX CONCURRENTLY`) one by one. `client` must be one
 * connection (a `pg.Client` or `pg.PoolClient`, not a pool); it is left open.
 *
 * @throws the server's error of the first step that fails.
 * @example
 * ```ts
 * await applyPlan(client, planMigration(await introspect(client), target));
 * ```
 */
export async function applyPlan(client: Queryable, plan: MigrationPlan): Promise<void> {
  const inside = plan.steps.filter((s) => s.transactional).map((s) => s.sql);
  try {
    await client.query(`BEGIN;\n${inside.join('\n')}\nCOMMIT;`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
  for (const step of plan.steps.filter((s) => !s.transactional)) await client.query(step.sql);
}
