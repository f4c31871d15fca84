/**
 * Privileges changed on objects that belong to an extension (`REVOKE EXECUTE ON FUNCTION
 * st_buffer(…) FROM PUBLIC`). The members themselves are left out of a snapshot, but pg_dump
 * keeps such changes: it compares each member's ACL with the one the extension script left
 * (`pg_init_privs`, or the built-in default when the script granted nothing). So does this
 * reader — only members whose privileges differ from that are recorded, and only when members
 * are left out (with `includeExtensionMembers` they carry their privileges themselves).
 */
import { z } from 'zod';
import { type Grant, GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, namespacesCte } from './context.js';

/** The privileges of one extension member whose ACL is not the one its extension gave it. */
export const ExtensionMemberPrivilegeSchema = z.object({
  /** `extension_member_privilege:<the member's key>`, e.g. `extension_member_privilege:function:public.st_area(public.geometry)`. */
  key: z.string(),
  /** The extension the object belongs to. */
  extension: z.string(),
  /** What the GRANT names: `FUNCTION`, `PROCEDURE`, `TABLE` (tables, views, …), `SEQUENCE`, `TYPE`, or `COLUMN`. */
  objectType: z.enum(['FUNCTION', 'PROCEDURE', 'TABLE', 'SEQUENCE', 'TYPE', 'COLUMN']),
  schema: z.string(),
  /** The object's name; for a column, its table's. */
  name: z.string(),
  /** The column's name, for `COLUMN`. */
  column: z.string().nullable(),
  /** A routine's identity arguments (`public.geometry, double precision`). */
  identityArguments: z.string().nullable(),
  /** The privileges now, normalised against the built-in default. */
  privileges: z.array(GrantSchema),
  /** The privileges the extension gave it (`pg_init_privs`, else the built-in default). */
  initialPrivileges: z.array(GrantSchema),
});

/** The privileges of an extension member that were changed after the extension was created. */
export type ExtensionMemberPrivilege = z.infer<typeof ExtensionMemberPrivilegeSchema>;

interface Row {
  kind: 'f' | 'p' | 'a' | 'w' | 'r' | 'S' | 'T' | 'c';
  extname: string;
  nspname: string;
  name: string;
  column: string | null;
  args: string | null;
  acl: string[] | null;
  init: string[] | null;
}

const EXT = "'pg_catalog.pg_extension'::regclass";

/** Members of extensions in catalog `catalog`, as `m.objid` with `m.extname`. */
const members = (catalog: string) => `(SELECT dep.objid, e.extname FROM pg_catalog.pg_depend dep
    JOIN pg_catalog.pg_extension e ON e.oid = dep.refobjid
    WHERE dep.deptype = 'e' AND dep.refclassid = ${EXT} AND dep.classid = 'pg_catalog.${catalog}'::regclass) m`;

const init = (
  catalog: string,
  oid: string,
  subId = '0',
) => `(SELECT ip.initprivs FROM pg_catalog.pg_init_privs ip
    WHERE ip.objoid = ${oid} AND ip.classoid = 'pg_catalog.${catalog}'::regclass AND ip.objsubid = ${subId})`;

function sql(ctx: CatalogContext): string {
  // Each part yields acl and init already defaulted; rows whose two arrays differ only in
  // order are dropped after parsing.
  return `WITH ${namespacesCte(ctx)}, member_acl AS (
  SELECT p.prokind::text AS kind, m.extname, ns.nspname, p.proname::text AS name, NULL::text AS "column",
    pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
    coalesce(p.proacl, pg_catalog.acldefault('f'::"char", p.proowner)) AS acl,
    coalesce(${init('pg_proc', 'p.oid')}, pg_catalog.acldefault('f'::"char", p.proowner)) AS init
  FROM ${members('pg_proc')} JOIN pg_catalog.pg_proc p ON p.oid = m.objid JOIN ns ON ns.oid = p.pronamespace
  UNION ALL
  SELECT CASE WHEN c.relkind = 'S' THEN 'S' ELSE 'r' END, m.extname, ns.nspname, c.relname::text, NULL, NULL,
    coalesce(c.relacl, pg_catalog.acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner)),
    coalesce(${init('pg_class', 'c.oid')},
      pg_catalog.acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))
  FROM ${members('pg_class')} JOIN pg_catalog.pg_class c ON c.oid = m.objid JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
  UNION ALL
  SELECT 'c', m.extname, ns.nspname, c.relname::text, a.attname::text, NULL,
    coalesce(a.attacl, '{}'::pg_catalog.aclitem[]),
    coalesce(${init('pg_class', 'c.oid', 'a.attnum')}, '{}'::pg_catalog.aclitem[])
  FROM ${members('pg_class')} JOIN pg_catalog.pg_class c ON c.oid = m.objid JOIN ns ON ns.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  UNION ALL
  SELECT 'T', m.extname, ns.nspname, t.typname::text, NULL, NULL,
    coalesce(t.typacl, pg_catalog.acldefault('T'::"char", t.typowner)),
    coalesce(${init('pg_type', 't.oid')}, pg_catalog.acldefault('T'::"char", t.typowner))
  FROM ${members('pg_type')} JOIN pg_catalog.pg_type t ON t.oid = m.objid JOIN ns ON ns.oid = t.typnamespace
)
SELECT kind, extname, nspname, name, "column", args, acl::text[], init::text[]
FROM member_acl WHERE acl IS DISTINCT FROM init`;
}

const OBJECT_TYPE = {
  f: 'FUNCTION',
  a: 'FUNCTION',
  w: 'FUNCTION',
  p: 'PROCEDURE',
  r: 'TABLE',
  S: 'SEQUENCE',
  T: 'TYPE',
  c: 'COLUMN',
} as const;

/** The member's own key, as it would have in a snapshot taken with its extension's members. */
function memberKey(r: Row): string {
  switch (r.kind) {
    case 'f':
    case 'a':
    case 'w':
    case 'p':
      return `${objectKey('function', r.nspname, r.name)}(${r.args ?? ''})`;
    case 'r':
      return objectKey('table', r.nspname, r.name);
    case 'S':
      return objectKey('sequence', r.nspname, r.name);
    case 'T':
      return objectKey('type', r.nspname, r.name);
    case 'c':
      return objectKey('column', r.nspname, r.name, r.column ?? '');
  }
}

const sameGrants = (a: readonly Grant[], b: readonly Grant[]) => JSON.stringify(a) === JSON.stringify(b);

/** Read the extension members whose privileges differ from what their extension gave them. */
export async function readExtensionMemberPrivileges(
  ctx: CatalogContext,
): Promise<ExtensionMemberPrivilege[]> {
  if (ctx.includeExtensionMembers) return [];
  const rows = await collect(ctx.batches<Row>(sql(ctx), ctx.filterValues), (r) => r);
  return rows.flatMap((r) => {
    const privileges = parseAcl(r.acl);
    const initialPrivileges = parseAcl(r.init);
    if (sameGrants(privileges, initialPrivileges)) return [];
    return [
      {
        key: `extension_member_privilege:${memberKey(r)}`,
        extension: r.extname,
        objectType: OBJECT_TYPE[r.kind],
        schema: r.nspname,
        name: r.name,
        column: r.column,
        identityArguments: r.args,
        privileges,
        initialPrivileges,
      },
    ];
  });
}
