/**
 * Table constraints (`pg_constraint` with a relation): primary keys, unique, foreign keys,
 * checks and exclusions. NOT NULL lives on the column (PostgreSQL 18 also catalogues it as
 * a constraint; it is left out so every server version gives the same snapshot). Domain
 * constraints are part of their domain.
 *
 * Only what pg_dump re-creates is read, so a database and its dump/restore copy give the same
 * snapshot: a foreign key cloned onto a partition, or onto the referencing table for each
 * partition of a referenced partitioned table (`conparentid` set), is left out — pg_dump
 * writes only the parent's and the server clones it again, under names of its choosing — and
 * `connoinherit` counts only for checks (a partition's primary key made by `PARTITION OF` has
 * it false, the same key restored by `ADD CONSTRAINT` and `ATTACH PARTITION` has it true).
 */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import {
  attributeKey,
  type CatalogContext,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  rememberKey,
} from './context.js';

const FK_ACTION = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' } as const;
const FK_MATCH = { f: 'full', p: 'partial', s: 'simple' } as const;
const CONSTRAINT_TYPE = {
  p: 'primary key',
  u: 'unique',
  f: 'foreign key',
  c: 'check',
  x: 'exclude',
} as const;

/** Foreign-key details. */
export const ForeignKeySchema = z.object({
  referencedSchema: z.string(),
  referencedTable: z.string(),
  referencedColumns: z.array(z.string()),
  onUpdate: z.enum(['no action', 'restrict', 'cascade', 'set null', 'set default']),
  onDelete: z.enum(['no action', 'restrict', 'cascade', 'set null', 'set default']),
  match: z.enum(['full', 'partial', 'simple']),
});

/** A table constraint. */
export const ConstraintSchema = z.object({
  /** `constraint:<schema>.<table>.<name>`. */
  key: z.string(),
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  type: z.enum(['primary key', 'unique', 'foreign key', 'check', 'exclude']),
  /** The full definition, from `pg_get_constraintdef`. */
  definition: z.string(),
  /** Constrained columns, in key order (empty for a check on an expression). */
  columns: z.array(z.string()),
  deferrable: z.boolean(),
  initiallyDeferred: z.boolean(),
  /** False for a constraint added `NOT VALID` and not validated since. */
  validated: z.boolean(),
  /** `NULLS NOT DISTINCT` of a unique constraint (PostgreSQL 15+; false before). */
  nullsNotDistinct: z.boolean(),
  /**
   * `NO INHERIT` of a check constraint; always false for other types, whose catalog flag says
   * how they were created, not what they are.
   */
  noInherit: z.boolean(),
  /** False when inherited from a parent table only. */
  local: z.boolean(),
  /** Foreign-key details, `null` for other types. */
  foreignKey: ForeignKeySchema.nullable(),
  comment: z.string().nullable(),
});

/** A table constraint. */
export type Constraint = z.infer<typeof ConstraintSchema>;

interface Row {
  oid: string;
  nspname: string;
  relname: string;
  conname: string;
  contype: keyof typeof CONSTRAINT_TYPE;
  definition: string;
  conrelid: string;
  conkey: number[] | null;
  confrelid: string;
  confkey: number[] | null;
  condeferrable: boolean;
  condeferred: boolean;
  convalidated: boolean;
  nulls_not_distinct: boolean;
  connoinherit: boolean;
  conislocal: boolean;
  ref_schema: string | null;
  ref_table: string | null;
  confupdtype: keyof typeof FK_ACTION;
  confdeltype: keyof typeof FK_ACTION;
  confmatchtype: keyof typeof FK_MATCH;
  description: string | null;
}

function sql(ctx: CatalogContext): string {
  const { serverVersionNum } = ctx;
  const nullsNotDistinct =
    serverVersionNum >= 150000
      ? `coalesce((SELECT ix.indnullsnotdistinct FROM pg_catalog.pg_index ix WHERE ix.indexrelid = con.conindid AND con.contype = 'u'), false)`
      : 'false';
  return `WITH ${namespacesCte(ctx)}
SELECT con.oid::text, ns.nspname, c.relname, con.conname, con.contype,
  pg_catalog.pg_get_constraintdef(con.oid) AS definition,
  con.conrelid::text, con.conkey, con.confrelid::text, con.confkey,
  con.condeferrable, con.condeferred, con.convalidated, ${nullsNotDistinct} AS nulls_not_distinct,
  con.connoinherit, con.conislocal,
  rn.nspname AS ref_schema, r.relname AS ref_table,
  con.confupdtype, con.confdeltype, con.confmatchtype, d.description
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN ns ON ns.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class r ON r.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
${commentJoin('d', 'pg_constraint', 'con.oid')}
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND NOT (con.contype = 'f' AND con.conparentid <> 0)
  AND ${notExtensionMember(ctx, 'pg_class', 'c.oid')}`;
}

/**
 * Column names of constraint keys come from the column reader's map; only keys of tables it
 * did not read (a foreign key to a table in an excluded schema) cost one more query.
 */
async function columnNames(
  ctx: CatalogContext,
  rows: readonly Row[],
): Promise<(relid: string, attnums: number[] | null) => string[]> {
  const missing = new Set<string>();
  for (const r of rows) {
    for (const [relid, keys] of [
      [r.conrelid, r.conkey],
      [r.confrelid, r.confkey],
    ] as const) {
      for (const attnum of keys ?? [])
        if (!ctx.attributeNames.has(attributeKey(relid, attnum))) missing.add(relid);
    }
  }
  if (missing.size > 0) {
    const sql =
      'SELECT attrelid::text, attnum::int, attname FROM pg_catalog.pg_attribute WHERE attrelid = ANY ($1::oid[]) AND attnum > 0';
    for await (const batch of ctx.batches<{ attrelid: string; attnum: number; attname: string }>(sql, [
      [...missing],
    ]))
      for (const a of batch) {
        ctx.attributeNames.set(attributeKey(a.attrelid, a.attnum), a.attname);
      }
  }
  return (relid, attnums) =>
    (attnums ?? []).map((n) => ctx.attributeNames.get(attributeKey(relid, n)) ?? String(n));
}

/** Read the constraints of every table that passes the filter. Needs the columns read first. */
export async function readConstraints(ctx: CatalogContext): Promise<Constraint[]> {
  const rows: Row[] = [];
  for await (const batch of ctx.batches<Row>(sql(ctx), ctx.filterValues)) for (const r of batch) rows.push(r);
  // On several sessions the columns may still be on their way.
  await ctx.columnsRead;
  const names = await columnNames(ctx, rows);
  return rows.map((r) => ({
    key: rememberKey(ctx, 'constraint', r.oid, objectKey('constraint', r.nspname, r.relname, r.conname)),
    schema: r.nspname,
    table: r.relname,
    name: r.conname,
    type: CONSTRAINT_TYPE[r.contype],
    definition: r.definition,
    columns: names(r.conrelid, r.conkey),
    deferrable: r.condeferrable,
    initiallyDeferred: r.condeferred,
    validated: r.convalidated,
    nullsNotDistinct: r.nulls_not_distinct,
    noInherit: r.contype === 'c' && r.connoinherit,
    local: r.conislocal,
    foreignKey:
      r.contype === 'f'
        ? {
            referencedSchema: r.ref_schema ?? '',
            referencedTable: r.ref_table ?? '',
            referencedColumns: names(r.confrelid, r.confkey),
            onUpdate: FK_ACTION[r.confupdtype],
            onDelete: FK_ACTION[r.confdeltype],
            match: FK_MATCH[r.confmatchtype],
          }
        : null,
    comment: r.description,
  }));
}
