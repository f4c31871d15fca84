/**
 * PUM 1.x's beta testing: a database installed or upgraded with `--beta-testing` runs a version
 * that may never be released as it is, so it takes no further upgrade unless forced — and, as in
 * PUM 1.x, a forced upgrade records its versions as beta testing too. Whether the database is in
 * beta testing is read from the rows of its highest version (ours or PUM 1.x's), as PUM 1.x read
 * its latest migration row.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { UpgradePlan } from './plan.js';

/**
 * Refuse an upgrade of a database in beta testing unless `force`.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` naming the module and `--force`.
 */
export function refuseBetaTesting(plan: UpgradePlan, force: boolean): void {
  if (force || !plan.betaTesting) return;
  throw new PumError(
    PumErrorCode.InvalidArgument,
    `${plan.module.name} was installed or upgraded as beta testing (version ${plan.currentVersion}): it takes no further upgrade`,
    { hint: 'reinstall it into a new database, or upgrade anyway with --force' },
  );
}

/** Whether a run records its rows as beta testing: asked for, or the database already is (PUM 1.x). */
export function effectiveBetaTesting(plan: UpgradePlan, requested: boolean): boolean {
  return requested || plan.betaTesting;
}
