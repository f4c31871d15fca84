/**
 * Columns of tables, views, materialized views and foreign tables. Positions are counted over
 * live columns, not `attnum`, so a table with dropped columns matches its dump/restore copy.
 */
import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import {
  attributeKey,
  type CatalogContext,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  oidKey,
} from './context.js';
import { genericOptions } from './generic-options.js';
import { type SequenceRow, sequenceOptions } from './sequence-options.js';

/** Identity column sequence options (`GENERATED … AS IDENTITY (…)`). */
export const IdentitySchema = z.object({
  /** `always` or `by default`. */
  generation: z.enum(['always', 'by default']),
  start: z.string(),
  increment: z.string(),
  min: z.string(),
  max: z.string(),
  cache: z.string(),
  cycle: z.boolean(),
});

/** A column (`pg_attribute`). */
export const ColumnSchema = z.object({
  /** `column:<schema>.<table>.<name>`. */
  key: z.string(),
  schema: z.string(),
  /** The table, view, materialized view or foreign table. */
  table: z.string(),
  name: z.string(),
  /** 1-based position among live columns. */
  position: z.number().int(),
  /** Type from `format_type`, with its modifier: `geometry(Point,2056)`, `character varying(50)`. */
  type: z.string(),
  notNull: z.boolean(),
  /** Default expression, `null` when none (and for generated columns). */
  default: z.string().nullable(),
  /** Identity options, `null` when not an identity column. */
  identity: IdentitySchema.nullable(),
  /** Generation expression of a generated column. */
  generated: z.object({ expression: z.string(), kind: z.enum(['stored', 'virtual']) }).nullable(),
  /** Collation, when it differs from the type's default. */
  collation: z.string().nullable(),
  /** Storage (`plain`, `external`, `extended`, `main`), when it differs from the type's default. */
  storage: z.string().nullable(),
  /** Compression method (`pglz`, `lz4`), when set explicitly. */
  compression: z.string().nullable(),
  /**
   * A foreign table column's `OPTIONS` (`column_name 'x'`), as `name=value`, sorted, secrets'
   * values masked; absent when it has none (and on every other relation's columns).
   */
  foreignOptions: z.array(z.string()).optional(),
  /** Column privileges (no default: empty unless granted on the column). */
  privileges: z.array(GrantSchema),
  comment: z.string().nullable(),
});

/** A column. */
export type Column = z.infer<typeof ColumnSchema>;

interface Row extends SequenceRow {
  attrelid: string;
  attnum: number;
  attrdef_oid: string | null;
  nspname: string;
  relname: string;
  attname: string;
  position: number;
  type: string;
  attnotnull: boolean;
  default_expr: string | null;
  attidentity: string;
  attgenerated: string;
  collation: string | null;
  storage: string | null;
  attcompression: string;
  attacl: string[] | null;
  attfdwoptions: string[] | null;
  description: string | null;
}

const STORAGE = { p: 'plain', e: 'external', x: 'extended', m: 'main' } as const;
const COMPRESSION = { p: 'pglz', l: 'lz4' } as const;

function sql(ctx: CatalogContext): string {
  return `WITH ${namespacesCte(ctx)}
SELECT a.attrelid::text, a.attnum::int, ad.oid::text AS attrdef_oid, ns.nspname, c.relname, a.attname,
  row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum)::int AS position,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,
  a.attidentity, a.attgenerated,
  CASE WHEN a.attcollation <> t.typcollation AND a.attcollation <> 0 THEN
    CASE WHEN cn.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(co.collname)
    ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END END AS collation,
  CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END AS storage,
  a.attcompression, a.attacl::text[], a.attfdwoptions, d.description,
  ids.seqstart::text, ids.seqincrement::text, ids.seqmin::text, ids.seqmax::text, ids.seqcache::text, ids.seqcycle
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
-- Only identity columns look up their sequence (a gated lateral, not a join probed per column).
LEFT JOIN LATERAL (
  SELECT s.* FROM pg_catalog.pg_depend idep JOIN pg_catalog.pg_sequence s ON s.seqrelid = idep.objid
  WHERE a.attidentity <> '' AND idep.refclassid = 'pg_catalog.pg_class'::regclass
    AND idep.refobjid = a.attrelid AND idep.refobjsubid = a.attnum AND idep.deptype = 'i'
    AND idep.classid = 'pg_catalog.pg_class'::regclass
) ids ON true
${commentJoin('d', 'pg_class', 'c.oid', 'a.attnum')}
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND ${notExtensionMember(ctx, 'pg_class', 'c.oid')}`;
}

/** Read the columns of every relation that passes the filter. */
export async function readColumns(ctx: CatalogContext): Promise<Column[]> {
  const out: Column[] = [];
  for await (const batch of ctx.batches<Row>(sql(ctx), ctx.filterValues))
    for (const r of batch) {
      const generated = r.attgenerated !== '';
      ctx.attributeNames.set(attributeKey(r.attrelid, r.attnum), r.attname);
      const key = objectKey('column', r.nspname, r.relname, r.attname);
      if (r.attrdef_oid !== null)
        ctx.keysByOid.set(oidKey('attrdef', r.attrdef_oid), `default:${key.slice('column:'.length)}`);
      out.push({
        key,
        schema: r.nspname,
        table: r.relname,
        name: r.attname,
        position: r.position,
        type: r.type,
        notNull: r.attnotnull,
        default: generated ? null : r.default_expr,
        identity:
          r.attidentity === ''
            ? null
            : {
                generation: r.attidentity === 'a' ? 'always' : 'by default',
                ...sequenceOptions(r),
              },
        generated: generated
          ? { expression: r.default_expr ?? '', kind: r.attgenerated === 'v' ? 'virtual' : 'stored' }
          : null,
        collation: r.collation,
        storage: r.storage === null ? null : (STORAGE[r.storage as keyof typeof STORAGE] ?? r.storage),
        compression:
          r.attcompression === ''
            ? null
            : (COMPRESSION[r.attcompression as keyof typeof COMPRESSION] ?? r.attcompression),
        ...(r.attfdwoptions !== null && r.attfdwoptions.length > 0
          ? { foreignOptions: genericOptions(r.attfdwoptions) }
          : {}),
        privileges: parseAcl(r.attacl),
        comment: r.description,
      });
    }
  return out;
}
