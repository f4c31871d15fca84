/** Indexes of tables and materialized views (`pg_index`), including those owned by constraints. */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import {
  type CatalogContext,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  rememberKey,
} from './context.js';

/** An index. */
export const IndexSchema = z.object({
  /** `index:<schema>.<name>` (index names are unique within a schema). */
  key: z.string(),
  schema: z.string(),
  /** The indexed table or materialized view (same schema as the index). */
  table: z.string(),
  name: z.string(),
  /** The full `CREATE INDEX` statement, from `pg_get_indexdef`. */
  definition: z.string(),
  /** Access method: `btree`, `gist`, `spgist`, `gin`, `brin`, `hash`… */
  method: z.string(),
  unique: z.boolean(),
  primary: z.boolean(),
  /** The `WHERE` predicate of a partial index. */
  predicate: z.string().nullable(),
  /** The constraint that owns the index (primary key, unique, exclude), if any. */
  constraint: z.string().nullable(),
  /** `NULLS NOT DISTINCT` (PostgreSQL 15+; false before). */
  nullsNotDistinct: z.boolean(),
  /** Marked by `CLUSTER`. */
  clustered: z.boolean(),
  /** The table's `REPLICA IDENTITY USING INDEX` (absent from snapshots written before it was read). */
  replicaIdentity: z.boolean().default(false),
  /**
   * False for an index left invalid by a failed `CREATE INDEX CONCURRENTLY`, or for an index of a
   * partitioned table some partition has no index attached to.
   */
  valid: z.boolean(),
  /**
   * The partitioned table's index this partition's index is attached to (`pg_inherits`); absent
   * when it is attached to none.
   */
  partitionOf: z.object({ schema: z.string(), name: z.string() }).optional(),
  options: z.array(z.string()),
  tablespace: z.string().nullable(),
  comment: z.string().nullable(),
});

/** An index. */
export type Index = z.infer<typeof IndexSchema>;

interface Row {
  oid: string;
  nspname: string;
  table_name: string;
  index_name: string;
  definition: string;
  amname: string;
  indisunique: boolean;
  indisprimary: boolean;
  predicate: string | null;
  conname: string | null;
  nulls_not_distinct: boolean;
  indisclustered: boolean;
  indisreplident: boolean;
  indisvalid: boolean;
  parent_index: [string, string] | null;
  reloptions: string[] | null;
  spcname: string | null;
  description: string | null;
}

function sql(ctx: CatalogContext): string {
  const { serverVersionNum } = ctx;
  return `WITH ${namespacesCte(ctx)}
SELECT i.oid::text, ns.nspname, t.relname AS table_name, i.relname AS index_name,
  pg_catalog.pg_get_indexdef(ix.indexrelid) AS definition, am.amname, ix.indisunique, ix.indisprimary,
  pg_catalog.pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
  (SELECT con.conname FROM pg_catalog.pg_constraint con
    WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid AND con.contype IN ('p', 'u', 'x')) AS conname,
  ${serverVersionNum >= 150000 ? 'ix.indnullsnotdistinct' : 'false'} AS nulls_not_distinct,
  ix.indisclustered, ix.indisreplident, ix.indisvalid,
  (SELECT json_build_array(pn.nspname, p.relname) FROM pg_catalog.pg_inherits h
    JOIN pg_catalog.pg_class p ON p.oid = h.inhparent
    JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
    WHERE h.inhrelid = i.oid) AS parent_index,
  i.reloptions, ts.spcname, d.description
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
JOIN ns ON ns.oid = t.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = i.relam
LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = i.reltablespace
${commentJoin('d', 'pg_class', 'i.oid')}
WHERE t.relkind IN ('r', 'p', 'm')
  AND ${notExtensionMember(ctx, 'pg_class', 't.oid')}`;
}

/** Read the indexes of every table and materialized view that passes the filter. */
export async function readIndexes(ctx: CatalogContext): Promise<Index[]> {
  const out: Index[] = [];
  for await (const batch of ctx.batches<Row>(sql(ctx), ctx.filterValues))
    for (const r of batch) {
      out.push({
        key: rememberKey(ctx, 'class', r.oid, objectKey('index', r.nspname, r.index_name)),
        schema: r.nspname,
        table: r.table_name,
        name: r.index_name,
        definition: r.definition,
        method: r.amname,
        unique: r.indisunique,
        primary: r.indisprimary,
        predicate: r.predicate,
        constraint: r.conname,
        nullsNotDistinct: r.nulls_not_distinct,
        clustered: r.indisclustered,
        replicaIdentity: r.indisreplident,
        valid: r.indisvalid,
        ...(r.parent_index ? { partitionOf: { schema: r.parent_index[0], name: r.parent_index[1] } } : {}),
        options: (r.reloptions ?? []).slice().sort(),
        tablespace: r.spcname,
        comment: r.description,
      });
    }
  return out;
}
