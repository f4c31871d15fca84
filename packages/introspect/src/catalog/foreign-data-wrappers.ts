/** Foreign-data wrappers (`pg_foreign_data_wrapper`) that are not an extension's (postgres_fdw's is). */
import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, commentJoin, notExtensionMember } from './context.js';
import { genericOptions } from './generic-options.js';

/** A foreign-data wrapper. */
export const ForeignDataWrapperSchema = z.object({
  /** `foreign_data_wrapper:<name>`. */
  key: z.string(),
  name: z.string(),
  owner: z.string(),
  /** `HANDLER` function (`schema.name`), `null` for `NO HANDLER`. */
  handler: z.string().nullable(),
  /** `VALIDATOR` function (`schema.name`), `null` for `NO VALIDATOR`. */
  validator: z.string().nullable(),
  /** `OPTIONS`, as `name=value`, sorted; secrets' values masked. */
  options: z.array(z.string()),
  /** Privileges (`USAGE`), normalised against `acldefault('F', owner)`. */
  privileges: z.array(GrantSchema),
  comment: z.string().nullable(),
});

/** A foreign-data wrapper. */
export type ForeignDataWrapper = z.infer<typeof ForeignDataWrapperSchema>;

interface Row {
  fdwname: string;
  owner: string;
  handler: string | null;
  validator: string | null;
  fdwoptions: string[] | null;
  acl: string[];
  description: string | null;
}

/** Read the foreign-data wrappers (database-wide) that do not belong to an extension. */
export function readForeignDataWrappers(ctx: CatalogContext): Promise<ForeignDataWrapper[]> {
  const sql = `SELECT w.fdwname, pg_catalog.pg_get_userbyid(w.fdwowner) AS owner,
  CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::pg_catalog.regproc::text END AS handler,
  CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::pg_catalog.regproc::text END AS validator,
  w.fdwoptions, coalesce(w.fdwacl, pg_catalog.acldefault('F'::"char", w.fdwowner))::text[] AS acl, d.description
FROM pg_catalog.pg_foreign_data_wrapper w
${commentJoin('d', 'pg_foreign_data_wrapper', 'w.oid')}
WHERE ${notExtensionMember(ctx, 'pg_foreign_data_wrapper', 'w.oid')}`;
  return collect(ctx.batches<Row>(sql), (r) => ({
    key: objectKey('foreign_data_wrapper', r.fdwname),
    name: r.fdwname,
    owner: r.owner,
    handler: r.handler,
    validator: r.validator,
    options: genericOptions(r.fdwoptions),
    privileges: parseAcl(r.acl),
    comment: r.description,
  }));
}
