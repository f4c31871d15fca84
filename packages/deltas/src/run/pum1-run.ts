/**
 * What a PUM 1.x install or upgrade runs, in order: the roles, the application drop hooks, the
 * changelogs, the application create hooks, the grants, a demo data set — each part optional as
 * PUM 1.x's flags make it (`--skip-drop-app`, `--skip-create-app`, `--skip-roles`,
 * `--skip-grant`, `--demo-data`).
 */
import { PumError, PumErrorCode } from '@pum/core';
import type pg from 'pg';
import type { DeltaFile } from '../module/delta-file.js';
import type { Pum1Module } from '../module/pum1/index.js';
import { type ApplyOptions, applyDeltas, type UpgradeReport } from './apply-deltas.js';
import { generatedFile, grantsFile, rolesSql } from './roles-sql.js';

/** Which parts of a PUM 1.x module a run includes. */
export interface Pum1RunSelection {
  /** Leave out the application drop hooks. */
  skipDropApp?: boolean;
  /** Leave out the application create hooks. */
  skipCreateApp?: boolean;
  /** Create the declared roles that do not exist yet. Default `true`. */
  roles?: boolean;
  /**
   * Grant the roles their permissions at the end, on the schemas that exist then (a missing one is
   * a warning of the run, as in PUM 1.8). Default: as {@link Pum1RunSelection.roles}.
   */
  grants?: boolean;
  /** The name of a `demo_data` set to load last. */
  demoData?: string;
}

/**
 * The files of a PUM 1.x run, in order.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for an unknown demo data set.
 */
export function pum1RunFiles(module: Pum1Module, selection: Pum1RunSelection = {}): DeltaFile[] {
  const demo =
    selection.demoData === undefined ? undefined : module.demoData.find((d) => d.name === selection.demoData);
  if (selection.demoData !== undefined && !demo) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `unknown demo data set ${JSON.stringify(selection.demoData)}`,
      {
        hint: module.demoData.length
          ? `the module has: ${module.demoData.map((d) => d.name).join(', ')}`
          : 'the module declares no demo data',
      },
    );
  }
  const declared = module.roles.length > 0;
  const roles = declared && selection.roles !== false;
  const grants = declared && (selection.grants ?? selection.roles) !== false;
  return [
    ...(roles ? [generatedFile(module, 'roles', rolesSql(module.roles))] : []),
    ...(selection.skipDropApp ? [] : module.dropHooks),
    ...module.changelogs.flatMap((changelog) => changelog.files),
    ...(selection.skipCreateApp ? [] : module.createHooks),
    ...(grants ? [grantsFile(module)] : []),
    ...(demo?.files ?? []),
  ];
}

/** Options of {@link upgradeModule}: those of `applyDeltas` and the parts to run. */
export interface UpgradeModuleOptions extends Omit<ApplyOptions, 'singleTransaction'>, Pum1RunSelection {}

/**
 * Upgrade a database where a PUM 1.x module is installed: its parts as `selection` says, in one
 * transaction (command hooks aside), as PUM 1.x did.
 *
 * @example
 * ```ts
 * await upgradeModule(client, loadPum1Module('datamodel'), { skipCreateApp: true, placeholders });
 * ```
 */
export async function upgradeModule(
  client: pg.ClientBase,
  module: Pum1Module,
  options: UpgradeModuleOptions = {},
): Promise<UpgradeReport> {
  const { skipDropApp, skipCreateApp, roles, grants, demoData, ...applyOptions } = options;
  const files = pum1RunFiles(module, {
    ...(skipDropApp !== undefined ? { skipDropApp } : {}),
    ...(skipCreateApp !== undefined ? { skipCreateApp } : {}),
    ...(roles !== undefined ? { roles } : {}),
    ...(grants !== undefined ? { grants } : {}),
    ...(demoData !== undefined ? { demoData } : {}),
  });
  return applyDeltas(client, { ...module, files }, { ...applyOptions, singleTransaction: true });
}
