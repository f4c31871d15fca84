/**
 * `install` of a PUM 1.x module into a database where it is not installed: roles, drop hooks,
 * every changelog, create hooks, grants and (optionally) a demo data set — all in one
 * transaction, as PUM 1.x did.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type pg from 'pg';
import type { Pum1Module } from '../module/pum1/index.js';
import type { UpgradeReport } from './apply-deltas.js';
import { planUpgrade } from './plan.js';
import { type UpgradeModuleOptions, upgradeModule } from './pum1-run.js';

/** Options of {@link installModule}: those of `upgradeModule` (the parts to run, demo data). */
export type InstallOptions = UpgradeModuleOptions;

/**
 * Install `module` into the database of `client`. When another run installs it while this one
 * waits for the lock, nothing runs and the report's `otherRun` says what that run installed.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when the module is already installed (use an
 *   upgrade) or the demo data set is unknown; the errors of `applyDeltas`.
 * @example
 * ```ts
 * await installModule(client, loadPum1Module('datamodel'), {
 *   placeholders: { dialect: 'pum1', parameters: resolvePum1Parameters(module.parameters, { SRID: '2056' }) },
 *   demoData: 'Aletsch',
 * });
 * ```
 */
export async function installModule(
  client: pg.ClientBase,
  module: Pum1Module,
  options: InstallOptions = {},
): Promise<UpgradeReport> {
  const plan = await planUpgrade(client, module, options.table ? { table: options.table } : {});
  if (plan.currentVersion !== undefined || (plan.legacy?.entries.length ?? 0) > 0) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `${module.name} is already installed (version ${plan.currentVersion ?? 'recorded by PUM'})`,
      {
        hint: 'use `pum upgrade` on an installed database',
      },
    );
  }
  return upgradeModule(client, module, { ...options, install: true });
}
