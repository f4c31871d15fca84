/** Default privileges (`ALTER DEFAULT PRIVILEGES`, `pg_default_acl`). */
import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { keyPart, objectKey } from '../object-key.js';
import { type CatalogContext, collect, namespacesCte } from './context.js';

const OBJECT_TYPE = {
  r: 'tables',
  S: 'sequences',
  f: 'functions',
  T: 'types',
  n: 'schemas',
  L: 'large objects',
} as const;

/** Default privileges a role gives to objects it creates (in one schema, or everywhere). */
export const DefaultPrivilegeSchema = z.object({
  /** `default_privilege:<role>.<schema, or * for all>.<object type>`. */
  key: z.string(),
  /** The role whose new objects get these privileges (`FOR ROLE`). */
  role: z.string(),
  /** The schema (`IN SCHEMA`), `null` for the role's global defaults. */
  schema: z.string().nullable(),
  objectType: z.enum(['tables', 'sequences', 'functions', 'types', 'schemas', 'large objects']),
  privileges: z.array(GrantSchema),
});

/** Default privileges. */
export type DefaultPrivilege = z.infer<typeof DefaultPrivilegeSchema>;

interface Row {
  role: string;
  nspname: string | null;
  defaclobjtype: keyof typeof OBJECT_TYPE;
  defaclacl: string[];
}

/** Read default privileges, global ones and those of schemas that pass the filter. */
export function readDefaultPrivileges(ctx: CatalogContext): Promise<DefaultPrivilege[]> {
  const sql = `WITH ${namespacesCte(ctx)}
SELECT pg_catalog.pg_get_userbyid(da.defaclrole) AS role, ns.nspname, da.defaclobjtype, da.defaclacl::text[]
FROM pg_catalog.pg_default_acl da
LEFT JOIN ns ON ns.oid = da.defaclnamespace
WHERE da.defaclnamespace = 0 OR ns.oid IS NOT NULL`;
  return collect(ctx.batches<Row>(sql, ctx.filterValues), (r) => ({
    // `*` (unquoted, so no schema name can produce it) stands for "every schema".
    key: `${objectKey('default_privilege', r.role)}.${r.nspname === null ? '*' : keyPart(r.nspname)}.${keyPart(OBJECT_TYPE[r.defaclobjtype])}`,
    role: r.role,
    schema: r.nspname,
    objectType: OBJECT_TYPE[r.defaclobjtype],
    privileges: parseAcl(r.defaclacl),
  }));
}
