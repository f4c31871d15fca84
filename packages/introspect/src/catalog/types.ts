/**
 * User-defined types (`pg_type`): enums, domains, composite types and ranges. Array types,
 * multiranges and the row types of tables are implied by other objects and left out; base
 * types made with C input/output functions are counted as unmodeled.
 */
import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import {
  type CatalogContext,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  rememberKey,
} from './context.js';

/** A constraint of a domain. */
export const DomainConstraintSchema = z.object({
  name: z.string(),
  /** `CHECK (…)` from `pg_get_constraintdef` (or `NOT NULL` on PostgreSQL 17+ when named). */
  definition: z.string(),
  validated: z.boolean(),
  comment: z.string().nullable(),
});

/** An attribute of a composite type. */
export const CompositeAttributeSchema = z.object({
  name: z.string(),
  type: z.string(),
  collation: z.string().nullable(),
});

/** A user-defined type. */
export const TypeSchema = z.object({
  /** `type:<schema>.<name>`. */
  key: z.string(),
  schema: z.string(),
  name: z.string(),
  kind: z.enum(['enum', 'domain', 'composite', 'range']),
  /** Enum labels, in their sort order. */
  labels: z.array(z.string()).nullable(),
  /** Domain details. */
  domain: z
    .object({
      baseType: z.string(),
      default: z.string().nullable(),
      notNull: z.boolean(),
      collation: z.string().nullable(),
      constraints: z.array(DomainConstraintSchema),
    })
    .nullable(),
  /** Composite attributes, in order. */
  attributes: z.array(CompositeAttributeSchema).nullable(),
  /** Range details. */
  range: z
    .object({
      subtype: z.string(),
      collation: z.string().nullable(),
      operatorClass: z.string().nullable(),
      canonical: z.string().nullable(),
      subtypeDiff: z.string().nullable(),
    })
    .nullable(),
  owner: z.string(),
  /** Privileges, normalised against `acldefault('T', owner)`. */
  privileges: z.array(GrantSchema),
  comment: z.string().nullable(),
});

/** A user-defined type. */
export type TypeObject = z.infer<typeof TypeSchema>;

interface Row {
  oid: string;
  typarray: string;
  typrelid: string;
  nspname: string;
  typname: string;
  typtype: 'e' | 'd' | 'c' | 'r';
  labels: string[] | null;
  base_type: string | null;
  typdefault: string | null;
  typnotnull: boolean;
  collation: string | null;
  domain_constraints:
    | { name: string; definition: string; validated: boolean; comment: string | null }[]
    | null;
  attributes: { name: string; type: string; collation: string | null }[] | null;
  range_subtype: string | null;
  range_collation: string | null;
  range_opclass: string | null;
  range_canonical: string | null;
  range_subdiff: string | null;
  owner: string;
  acl: string[] | null;
  description: string | null;
}

const KIND = { e: 'enum', d: 'domain', c: 'composite', r: 'range' } as const;

/** SQL text of a collation name, qualified unless in pg_catalog. */
const collationName = (
  oid: string,
) => `(SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN pg_catalog.quote_ident(co.collname)
    ELSE pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) END
    FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${oid})`;

const regproc = (column: string) => `CASE WHEN ${column} <> 0 THEN ${column}::regprocedure::text END`;

function sql(ctx: CatalogContext): string {
  return `WITH ${namespacesCte(ctx)}
SELECT t.oid::text, t.typarray::text, t.typrelid::text, ns.nspname, t.typname, t.typtype,
  CASE WHEN t.typtype = 'e' THEN ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e
    WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] END AS labels,
  CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END AS base_type,
  pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS typdefault, t.typnotnull,
  CASE WHEN t.typtype = 'd' AND t.typcollation <> 0
    AND t.typcollation <> (SELECT b.typcollation FROM pg_catalog.pg_type b WHERE b.oid = t.typbasetype)
    THEN ${collationName('t.typcollation')} END AS collation,
  CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_object('name', con.conname,
      'definition', pg_catalog.pg_get_constraintdef(con.oid), 'validated', con.convalidated,
      'comment', cd.description) ORDER BY con.conname)
    FROM pg_catalog.pg_constraint con
    LEFT JOIN pg_catalog.pg_description cd ON cd.objoid = con.oid
      AND cd.classoid = 'pg_catalog.pg_constraint'::regclass AND cd.objsubid = 0
    WHERE con.contypid = t.oid AND con.contype = 'c') END AS domain_constraints,
  CASE WHEN t.typtype = 'c' THEN (SELECT json_agg(json_build_object('name', a.attname,
      'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
      'collation', CASE WHEN a.attcollation <> at.typcollation AND a.attcollation <> 0
        THEN ${collationName('a.attcollation')} END) ORDER BY a.attnum)
    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attributes,
  pg_catalog.format_type(rg.rngsubtype, NULL) AS range_subtype,
  CASE WHEN rg.rngcollation <> 0 THEN ${collationName('rg.rngcollation')} END AS range_collation,
  (SELECT oc.opcname FROM pg_catalog.pg_opclass oc WHERE oc.oid = rg.rngsubopc AND NOT oc.opcdefault) AS range_opclass,
  ${regproc('rg.rngcanonical')} AS range_canonical, ${regproc('rg.rngsubdiff')} AS range_subdiff,
  pg_catalog.pg_get_userbyid(t.typowner) AS owner,
  coalesce(t.typacl, pg_catalog.acldefault('T'::"char", t.typowner))::text[] AS acl, d.description
FROM pg_catalog.pg_type t
JOIN ns ON ns.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_range rg ON rg.rngtypid = t.oid
${commentJoin('d', 'pg_type', 't.oid')}
WHERE (t.typtype IN ('e', 'd', 'r')
    OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
  AND ${notExtensionMember(ctx, 'pg_type', 't.oid')}`;
}

/** Read the enums, domains, composite types and ranges that pass the filter. */
export async function readTypes(ctx: CatalogContext): Promise<TypeObject[]> {
  const out: TypeObject[] = [];
  for await (const batch of ctx.batches<Row>(sql(ctx), ctx.filterValues))
    for (const r of batch) {
      const key = rememberKey(ctx, 'type', r.oid, objectKey('type', r.nspname, r.typname));
      // Its array type and, for a composite type, its relation stand for it.
      if (r.typarray !== '0') rememberKey(ctx, 'type', r.typarray, key);
      if (r.typrelid !== '0') rememberKey(ctx, 'class', r.typrelid, key);
      out.push({
        key,
        schema: r.nspname,
        name: r.typname,
        kind: KIND[r.typtype],
        labels: r.typtype === 'e' ? (r.labels ?? []) : null,
        domain:
          r.typtype === 'd'
            ? {
                baseType: r.base_type ?? '',
                default: r.typdefault,
                notNull: r.typnotnull,
                collation: r.collation,
                constraints: r.domain_constraints ?? [],
              }
            : null,
        attributes: r.typtype === 'c' ? (r.attributes ?? []) : null,
        range:
          r.typtype === 'r'
            ? {
                subtype: r.range_subtype ?? '',
                collation: r.range_collation,
                operatorClass: r.range_opclass,
                canonical: r.range_canonical,
                subtypeDiff: r.range_subdiff,
              }
            : null,
        owner: r.owner,
        privileges: parseAcl(r.acl),
        comment: r.description,
      });
    }
  return out;
}
