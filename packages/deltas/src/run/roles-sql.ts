/**
 * The SQL of `.pum.yaml` role declarations: creating the roles that do not exist yet, and
 * granting each its `read` or `write` permissions on its schemas — as files of a run.
 */
import { quoteIdent, quoteLiteral } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import { checksumOf } from '../module/normalise.js';
import type { Pum1Module, Pum1Role } from '../module/pum1/index.js';

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
