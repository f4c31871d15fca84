/** Logical replication publications (`pg_publication`) and what they publish. */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, commentJoin } from './context.js';

/** A table in a publication. */
export const PublicationTableSchema = z.object({
  schema: z.string(),
  table: z.string(),
  /** Row filter (`WHERE (…)`, PostgreSQL 15+). */
  rowFilter: z.string().nullable(),
  /** Published columns (PostgreSQL 15+); `null` for all. */
  columns: z.array(z.string()).nullable(),
});

/** A publication. */
export const PublicationSchema = z.object({
  /** `publication:<name>`. */
  key: z.string(),
  name: z.string(),
  owner: z.string(),
  allTables: z.boolean(),
  /** Published operations, in the order insert, update, delete, truncate. */
  operations: z.array(z.enum(['insert', 'update', 'delete', 'truncate'])),
  viaRoot: z.boolean(),
  /** Tables listed explicitly, sorted. */
  tables: z.array(PublicationTableSchema),
  /** Schemas published with `TABLES IN SCHEMA` (PostgreSQL 15+), sorted. */
  schemas: z.array(z.string()),
  comment: z.string().nullable(),
});

/** A publication. */
export type Publication = z.infer<typeof PublicationSchema>;

interface Row {
  pubname: string;
  owner: string;
  puballtables: boolean;
  pubinsert: boolean;
  pubupdate: boolean;
  pubdelete: boolean;
  pubtruncate: boolean;
  pubviaroot: boolean;
  tables: { schema: string; table: string; rowFilter: string | null; columns: string[] | null }[] | null;
  schemas: string[] | null;
  description: string | null;
}

function sql(ctx: CatalogContext): string {
  const { serverVersionNum } = ctx;
  const modern = serverVersionNum >= 150000;
  const rowFilter = modern ? 'pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)' : 'NULL';
  const columns = modern
    ? `CASE WHEN pr.prattrs IS NOT NULL THEN ARRAY(SELECT a.attname FROM unnest(pr.prattrs) k(attnum)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum ORDER BY k.attnum) END`
    : 'NULL';
  const schemas = modern
    ? `ARRAY(SELECT n.nspname FROM pg_catalog.pg_publication_namespace pn
        JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid WHERE pn.pnpubid = p.oid ORDER BY n.nspname)::text[]`
    : 'ARRAY[]::text[]';
  return `SELECT p.pubname, pg_catalog.pg_get_userbyid(p.pubowner) AS owner, p.puballtables,
  p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
  (SELECT json_agg(json_build_object('schema', n.nspname, 'table', c.relname, 'rowFilter', ${rowFilter},
      'columns', ${columns}) ORDER BY n.nspname, c.relname)
    FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE pr.prpubid = p.oid) AS tables,
  ${schemas} AS schemas, d.description
FROM pg_catalog.pg_publication p
${commentJoin('d', 'pg_publication', 'p.oid')}`;
}

/** Read the publications (database-wide). */
export function readPublications(ctx: CatalogContext): Promise<Publication[]> {
  return collect(ctx.batches<Row>(sql(ctx)), (r) => {
    const operations: Publication['operations'] = [];
    if (r.pubinsert) operations.push('insert');
    if (r.pubupdate) operations.push('update');
    if (r.pubdelete) operations.push('delete');
    if (r.pubtruncate) operations.push('truncate');
    return {
      key: objectKey('publication', r.pubname),
      name: r.pubname,
      owner: r.owner,
      allTables: r.puballtables,
      operations,
      viaRoot: r.pubviaroot,
      tables: r.tables ?? [],
      schemas: r.schemas ?? [],
      comment: r.description,
    };
  });
}
