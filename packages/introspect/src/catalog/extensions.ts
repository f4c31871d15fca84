import { z } from 'zod';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, commentJoin } from './context.js';

/** An installed extension (`pg_extension`). Listed whatever the schema filter says. */
export const ExtensionSchema = z.object({
  /** `extension:<name>`. */
  key: z.string(),
  name: z.string(),
  version: z.string(),
  /** The schema its objects live in. */
  schema: z.string(),
  relocatable: z.boolean(),
  owner: z.string(),
  comment: z.string().nullable(),
});

/** An installed extension. */
export type Extension = z.infer<typeof ExtensionSchema>;

interface Row {
  extname: string;
  extversion: string;
  nspname: string;
  extrelocatable: boolean;
  owner: string;
  description: string | null;
}

/** Read the installed extensions. */
export function readExtensions(ctx: CatalogContext): Promise<Extension[]> {
  const sql = `SELECT e.extname, e.extversion, n.nspname, e.extrelocatable,
  pg_catalog.pg_get_userbyid(e.extowner) AS owner, d.description
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
${commentJoin('d', 'pg_extension', 'e.oid')}`;
  return collect(ctx.batches<Row>(sql), (r) => ({
    key: objectKey('extension', r.extname),
    name: r.extname,
    version: r.extversion,
    schema: r.nspname,
    relocatable: r.extrelocatable,
    owner: r.owner,
    comment: r.description,
  }));
}
