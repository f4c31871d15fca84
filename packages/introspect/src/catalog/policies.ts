/** Row-level security policies (`pg_policy`). */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import {
  type CatalogContext,
  collect,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  rememberKey,
} from './context.js';

const COMMAND = { r: 'select', a: 'insert', w: 'update', d: 'delete', '*': 'all' } as const;

/** A row-level security policy. */
export const PolicySchema = z.object({
  /** `policy:<schema>.<table>.<name>`. */
  key: z.string(),
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  command: z.enum(['select', 'insert', 'update', 'delete', 'all']),
  /** `PERMISSIVE` (true) or `RESTRICTIVE`. */
  permissive: z.boolean(),
  /** Roles the policy applies to, sorted; `PUBLIC` for all. */
  roles: z.array(z.string()),
  /** The `USING` expression. */
  using: z.string().nullable(),
  /** The `WITH CHECK` expression. */
  withCheck: z.string().nullable(),
  comment: z.string().nullable(),
});

/** A row-level security policy. */
export type Policy = z.infer<typeof PolicySchema>;

interface Row {
  oid: string;
  nspname: string;
  relname: string;
  polname: string;
  polcmd: keyof typeof COMMAND;
  polpermissive: boolean;
  roles: string[];
  using_expr: string | null;
  check_expr: string | null;
  description: string | null;
}

/** Read the policies of every table that passes the filter. */
export function readPolicies(ctx: CatalogContext): Promise<Policy[]> {
  const sql = `WITH ${namespacesCte(ctx)}
SELECT p.oid::text, ns.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,
  ARRAY(SELECT CASE WHEN r.roleid = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r.roleid) END
    FROM unnest(p.polroles) r(roleid))::text[] AS roles,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
  pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr, d.description
FROM pg_catalog.pg_policy p
JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
JOIN ns ON ns.oid = c.relnamespace
${commentJoin('d', 'pg_policy', 'p.oid')}
WHERE ${notExtensionMember(ctx, 'pg_class', 'c.oid')}`;
  return collect(ctx.batches<Row>(sql, ctx.filterValues), (r) => ({
    key: rememberKey(ctx, 'policy', r.oid, objectKey('policy', r.nspname, r.relname, r.polname)),
    schema: r.nspname,
    table: r.relname,
    name: r.polname,
    command: COMMAND[r.polcmd],
    permissive: r.polpermissive,
    roles: r.roles.slice().sort(),
    using: r.using_expr,
    withCheck: r.check_expr,
    comment: r.description,
  }));
}
