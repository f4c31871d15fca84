/**
 * The SQL of `.pum.yaml` role declarations: creating the roles that do not exist yet, and
 * granting each its `read` or `write` permissions on its schemas (skipping, with a warning,
 * schemas that do not exist) — as files of a run.
 */
import { quoteIdent, quoteLiteral } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import { checksumOf } from '../module/normalise.js';
import type { Pum1Module, Pum1Role } from '../module/pum1/index.js';
import type { CodeDelta } from './code-delta.js';
import { RunWarningCode } from './run-warning.js';

/** A file made from `.pum.yaml` declarations rather than read from disk. */
export function generatedFile(module: Pum1Module, name: string, text: string): DeltaFile {
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

/**
 * The statements granting `role` a `read` or `write` permission on `schema`, as PUM 1.8 grants
 * them. `read`: usage of the schema; select, references and trigger on its tables; usage and
 * select on its sequences; execute on its functions and routines; the same by default for what
 * is created later (and usage of types). `write`: all privileges on the schema and on all its
 * tables, sequences, functions and routines, now and by default.
 */
export function grantStatements(role: string, type: 'read' | 'write', schema: string): string[] {
  const r = quoteIdent(role);
  const s = quoteIdent(schema);
  const defaults = `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT`;
  if (type === 'read') {
    return [
      `GRANT USAGE ON SCHEMA ${s} TO ${r};`,
      `GRANT SELECT, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${s} TO ${r};`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r};`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${s} TO ${r};`,
      `GRANT EXECUTE ON ALL ROUTINES IN SCHEMA ${s} TO ${r};`,
      `${defaults} SELECT, REFERENCES, TRIGGER ON TABLES TO ${r};`,
      `${defaults} SELECT ON SEQUENCES TO ${r};`,
      `${defaults} EXECUTE ON FUNCTIONS TO ${r};`,
      `${defaults} EXECUTE ON ROUTINES TO ${r};`,
      `${defaults} USAGE ON TYPES TO ${r};`,
    ];
  }
  return [
    `GRANT ALL ON SCHEMA ${s} TO ${r};`,
    ...['TABLES', 'SEQUENCES', 'FUNCTIONS', 'ROUTINES'].map(
      (on) => `GRANT ALL ON ALL ${on} IN SCHEMA ${s} TO ${r};`,
    ),
    ...['TABLES', 'SEQUENCES', 'FUNCTIONS', 'ROUTINES', 'TYPES'].map(
      (on) => `${defaults} ALL ON ${on} TO ${r};`,
    ),
  ];
}

/** Each (role, permission, schema) the roles declare, in declaration order. */
function declaredGrants(
  roles: readonly Pum1Role[],
): { role: string; type: 'read' | 'write'; schema: string }[] {
  return roles.flatMap((role) =>
    role.permissions.flatMap((permission) =>
      permission.schemas.map((schema) => ({ role: role.name, type: permission.type, schema })),
    ),
  );
}

/** SQL granting each role its `read` or `write` permissions on its schemas (all must exist). */
export function grantsSql(roles: readonly Pum1Role[]): string {
  return declaredGrants(roles)
    .flatMap((g) => grantStatements(g.role, g.type, g.schema))
    .join('\n');
}

/**
 * The grants of a run, as a code hook of `.pum.yaml` (`.pum.yaml#grants`): run in the run's
 * transaction, it grants what the roles declare on the schemas that exist at that moment and,
 * as PUM 1.8 does, skips a permission on a schema that does not exist (an application schema
 * whose create hooks were skipped) with a warning in the run's report — one per role,
 * permission and schema. The schema of PUM's history table (`pum.migration_table_schema`), which
 * PUM creates before anything runs, is created first when a role is granted on it: pum's
 * history and PUM's table are written there when the run commits, after the grants. Its text is
 * {@link grantsSql}, what it runs when every schema exists.
 */
export function grantsFile(module: Pum1Module): DeltaFile {
  const grants = declaredGrants(module.roles);
  const historySchema = module.migrationTable.schema;
  const generated: CodeDelta = async ({ client, warn }) => {
    const schemas = [...new Set(grants.map((g) => g.schema))];
    const { rows } = await client.query<{ nspname: string }>(
      'SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])',
      [schemas],
    );
    const existing = new Set(rows.map((row) => row.nspname));
    if (schemas.includes(historySchema) && !existing.has(historySchema)) {
      await client.query(`CREATE SCHEMA ${quoteIdent(historySchema)}`);
      existing.add(historySchema);
    }
    const statements: string[] = [];
    for (const { role, type, schema } of grants) {
      if (existing.has(schema)) statements.push(...grantStatements(role, type, schema));
      else
        warn(
          `schema ${quoteIdent(schema)} does not exist: ${type} permission of role ${quoteIdent(role)} not granted`,
          {
            code: RunWarningCode.GrantSchemaMissing,
            details: { role, permission: type, schema },
          },
        );
    }
    if (statements.length > 0) await client.query(statements.join('\n'));
  };
  return {
    ...generatedFile(module, 'grants', grantsSql(module.roles)),
    language: 'js',
    generated,
  };
}
