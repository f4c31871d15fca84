import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, commentJoin, namespacesCte } from './context.js';

/** A schema (`pg_namespace`). */
export const SchemaObjectSchema = z.object({
  /** `schema:<name>`. */
  key: z.string(),
  name: z.string(),
  owner: z.string(),
  /** Privileges, normalised against `acldefault('n', owner)`. */
  privileges: z.array(GrantSchema),
  comment: z.string().nullable(),
});

/** A schema (`pg_namespace`). */
export type SchemaObject = z.infer<typeof SchemaObjectSchema>;

interface Row {
  nspname: string;
  owner: string;
  acl: string[] | null;
  description: string | null;
}

/** Read the schemas that pass the filter. */
export function readSchemas(ctx: CatalogContext): Promise<SchemaObject[]> {
  const sql = `WITH ${namespacesCte(ctx)}
SELECT ns.nspname, pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
  coalesce(n.nspacl, pg_catalog.acldefault('n'::"char", n.nspowner))::text[] AS acl, d.description
FROM ns JOIN pg_catalog.pg_namespace n ON n.oid = ns.oid
${commentJoin('d', 'pg_namespace', 'n.oid')}`;
  return collect(ctx.batches<Row>(sql, ctx.filterValues), (r) => ({
    key: objectKey('schema', r.nspname),
    name: r.nspname,
    owner: r.owner,
    privileges: parseAcl(r.acl),
    comment: r.description,
  }));
}
