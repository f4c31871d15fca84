/** Foreign servers (`pg_foreign_server`): `CREATE SERVER … FOREIGN DATA WRAPPER … OPTIONS (…)`. */
import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, commentJoin, notExtensionMember } from './context.js';
import { genericOptions } from './generic-options.js';

/** A foreign server. */
export const ForeignServerSchema = z.object({
  /** `foreign_server:<name>`. */
  key: z.string(),
  name: z.string(),
  /** The foreign-data wrapper it uses. */
  wrapper: z.string(),
  /** `TYPE '…'`, `null` when not given. */
  type: z.string().nullable(),
  /** `VERSION '…'`, `null` when not given. */
  version: z.string().nullable(),
  /** `OPTIONS`, as `name=value`, sorted; secrets' values masked. */
  options: z.array(z.string()),
  owner: z.string(),
  /** Privileges (`USAGE`), normalised against `acldefault('S', owner)`. */
  privileges: z.array(GrantSchema),
  comment: z.string().nullable(),
});

/** A foreign server. */
export type ForeignServer = z.infer<typeof ForeignServerSchema>;

interface Row {
  srvname: string;
  fdwname: string;
  srvtype: string | null;
  srvversion: string | null;
  srvoptions: string[] | null;
  owner: string;
  acl: string[];
  description: string | null;
}

/** Read the foreign servers (database-wide) that do not belong to an extension. */
export function readForeignServers(ctx: CatalogContext): Promise<ForeignServer[]> {
  const sql = `SELECT s.srvname, w.fdwname, s.srvtype, s.srvversion, s.srvoptions,
  pg_catalog.pg_get_userbyid(s.srvowner) AS owner,
  coalesce(s.srvacl, pg_catalog.acldefault('S'::"char", s.srvowner))::text[] AS acl, d.description
FROM pg_catalog.pg_foreign_server s
JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw
${commentJoin('d', 'pg_foreign_server', 's.oid')}
WHERE ${notExtensionMember(ctx, 'pg_foreign_server', 's.oid')}`;
  return collect(ctx.batches<Row>(sql), (r) => ({
    key: objectKey('foreign_server', r.srvname),
    name: r.srvname,
    wrapper: r.fdwname,
    type: r.srvtype,
    version: r.srvversion,
    options: genericOptions(r.srvoptions),
    owner: r.owner,
    privileges: parseAcl(r.acl),
    comment: r.description,
  }));
}
