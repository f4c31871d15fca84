/**
 * User mappings (`pg_user_mappings`, the view every role may read): which role connects to a
 * foreign server with which options. The view hides a mapping's options from roles that may
 * not see them; the snapshot then says `null` (unknown) rather than "no options".
 */
import { z } from 'zod';
import { keyPart } from '../object-key.js';
import { type CatalogContext, collect } from './context.js';
import { genericOptions } from './generic-options.js';

/** A user mapping. */
export const UserMappingSchema = z.object({
  /** `user_mapping:<role, or PUBLIC>.<server>`. */
  key: z.string(),
  /** The mapped role, `PUBLIC` for `FOR PUBLIC`. */
  user: z.string(),
  server: z.string(),
  /**
   * `OPTIONS`, as `name=value`, sorted; secrets' values (`password`) masked. `null` when the
   * role that took the snapshot may not read them: only a superuser reads every mapping's; others
   * read their own (with `USAGE` on the server or as a member of its owner) and, as a member of
   * the server's owner, `PUBLIC`'s.
   */
  options: z.array(z.string()).nullable(),
});

/** A user mapping. */
export type UserMapping = z.infer<typeof UserMappingSchema>;

interface Row {
  usename: string;
  umuser: string;
  srvname: string;
  umoptions: string[] | null;
  readable: boolean;
}

/** Read the user mappings (database-wide) of every server. */
export function readUserMappings(ctx: CatalogContext): Promise<UserMapping[]> {
  // The same test as the view's: who may see umoptions.
  const sql = `SELECT um.usename, um.umuser::text, um.srvname, um.umoptions,
  (um.umoptions IS NOT NULL
    OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
    OR (um.umuser = 0 AND pg_catalog.pg_has_role(s.srvowner, 'USAGE'))
    OR (um.umuser <> 0 AND um.usename = current_user
      AND (pg_catalog.pg_has_role(s.srvowner, 'USAGE') OR pg_catalog.has_server_privilege(s.oid, 'USAGE')))) AS readable
FROM pg_catalog.pg_user_mappings um
JOIN pg_catalog.pg_foreign_server s ON s.oid = um.srvid`;
  return collect(ctx.batches<Row>(sql), (r) => {
    const isPublic = r.umuser === '0';
    const user = isPublic ? 'PUBLIC' : r.usename;
    return {
      // Bare `PUBLIC` is no role's key part (keyPart quotes upper case), so it cannot collide.
      key: `user_mapping:${isPublic ? 'PUBLIC' : keyPart(user)}.${keyPart(r.srvname)}`,
      user,
      server: r.srvname,
      options: r.readable ? genericOptions(r.umoptions) : null,
    };
  });
}
