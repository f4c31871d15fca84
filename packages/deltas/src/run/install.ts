/**
 * `install` of a PUM 1.x module into a database where it is not installed: roles, drop hooks,
 * every changelog, create hooks, grants and (optionally) a demo data set — all in one
 * transaction, as PUM 1.x did.
 */
import { PumError, PumErrorCode, quoteIdent, quoteLiteral } from '@pum/core';
import type pg from 'pg';
import type { DeltaFile } from '../module/delta-file.js';
import { checksumOf } from '../module/normalise.js';
import type { Pum1Module, Pum1Role } from '../module/pum1/index.js';
import { type ApplyOptions, applyDeltas, type UpgradeReport } from './apply-deltas.js';
import { planUpgrade } from './plan.js';

/** Options of {@link installModule}: those of `applyDeltas`, plus the demo data set to load. */
export interface InstallOptions extends Omit<ApplyOptions, 'singleTransaction'> {
  /** The name of a `demo_data` set of the module to load after the application. */
  demoData?: string;
  /** Leave out roles and grants (PUM's `--skip-roles`, `--skip-grant`). */
  skipRoles?: boolean;
}

/** A file made from `.pum.yaml` declarations rather than read from disk. */
function generatedFile(module: Pum1Module, name: string, text: string): DeltaFile {
  return {
    version: undefined,
    name,
    kind: 'hook',
    language: 'sql',
    path: `.pum.yaml#${name}`,
    absolutePath: `${module.roots[0]}/.pum.yaml#${name}`,
    text,
    checksum: checksumOf(text),
    pum0Checksum: '',
  };
}

/** SQL creating the declared roles that do not exist yet. */
export function rolesSql(roles: readonly Pum1Role[]): string {
  return roles
    .map((role) => {
      const create = `DO $pum$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(role.name)}) THEN
    EXECUTE ${quoteLiteral(`CREATE ROLE ${quoteIdent(role.name)} NOLOGIN`)};
  END IF;
END $pum$;`;
      const parts = [create];
      if (role.description)
        parts.push(`COMMENT ON ROLE ${quoteIdent(role.name)} IS ${quoteLiteral(role.description)};`);
      if (role.inherit) parts.push(`GRANT ${quoteIdent(role.inherit)} TO ${quoteIdent(role.name)};`);
      return parts.join('\n');
    })
    .join('\n');
}

/** SQL granting each role its `read` or `write` permissions on its schemas. */
export function grantsSql(roles: readonly Pum1Role[]): string {
  const lines: string[] = [];
  for (const role of roles) {
    const r = quoteIdent(role.name);
    for (const permission of role.permissions) {
      for (const schema of permission.schemas) {
        const s = quoteIdent(schema);
        lines.push(`GRANT USAGE ON SCHEMA ${s} TO ${r};`);
        if (permission.type === 'read') {
          lines.push(
            `GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO ${r};`,
            `GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r};`,
            `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT ON TABLES TO ${r};`,
          );
        } else {
          lines.push(
            `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r};`,
            `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r};`,
            `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r};`,
            `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r};`,
          );
        }
      }
    }
  }
  return lines.join('\n');
}

/**
 * Install `module` into the database of `client`.
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
  const demo =
    options.demoData === undefined ? undefined : module.demoData.find((d) => d.name === options.demoData);
  if (options.demoData !== undefined && !demo) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `unknown demo data set ${JSON.stringify(options.demoData)}`,
      {
        hint: module.demoData.length
          ? `the module has: ${module.demoData.map((d) => d.name).join(', ')}`
          : 'the module declares no demo data',
      },
    );
  }
  const withRoles = !options.skipRoles && module.roles.length > 0;
  const files = [
    ...(withRoles ? [generatedFile(module, 'roles', rolesSql(module.roles))] : []),
    ...module.files,
    ...(withRoles ? [generatedFile(module, 'grants', grantsSql(module.roles))] : []),
    ...(demo?.files ?? []),
  ];
  const { demoData: _demo, skipRoles: _skip, ...applyOptions } = options;
  return applyDeltas(client, { ...module, files }, { ...applyOptions, singleTransaction: true });
}
