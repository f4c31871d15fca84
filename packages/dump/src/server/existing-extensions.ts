/** The extensions of the target database, with their configuration tables and sequences. */

import type { Queryable } from '@pum/core';
import type { ExistingExtension } from '../archive/restore-plan.js';

/**
 * Read the installed extensions, their schema and their `pg_extension_config_dump` relations.
 *
 * @example
 * ```ts
 * const extensions = await readExtensions(client);
 * extensions.find((e) => e.name === 'postgis')?.config; // [{ schema: 'public', name: 'spatial_ref_sys', kind: 'table' }]
 * ```
 */
export async function readExtensions(db: Queryable): Promise<ExistingExtension[]> {
  const { rows } = await db.query<{
    name: string;
    schema: string;
    config: { schema: string; name: string; relkind: string }[] | null;
  }>(
    `select e.extname as name, n.nspname as schema,
            (select json_agg(json_build_object('schema', cn.nspname, 'name', c.relname, 'relkind', c.relkind)
                             order by cn.nspname, c.relname)
               from pg_catalog.unnest(e.extconfig) as cfg(oid)
               join pg_catalog.pg_class c on c.oid = cfg.oid
               join pg_catalog.pg_namespace cn on cn.oid = c.relnamespace) as config
       from pg_catalog.pg_extension e
       join pg_catalog.pg_namespace n on n.oid = e.extnamespace
      order by e.extname`,
  );
  return rows.map((row) => ({
    name: row.name,
    schema: row.schema,
    config: (row.config ?? []).map((c) => ({
      schema: c.schema,
      name: c.name,
      kind: c.relkind === 'S' ? ('sequence' as const) : ('table' as const),
    })),
  }));
}
