/**
 * Dependencies between modeled objects (`pg_depend`), as pairs of object keys: what a view,
 * rule, column default, policy, trigger, function, domain, index expression or constraint
 * refers to. A migration planner needs them to drop dependents before the object they use
 * changes, and to create objects in an order the server accepts.
 *
 * Only references the server records are known: a PL/pgSQL body is opaque, an SQL-standard
 * body (`BEGIN ATOMIC`) is not.
 */
import { z } from 'zod';
import { keyPart } from '../object-key.js';
import { attributeKey, type CatalogContext, oidKey } from './context.js';

/** `from` uses `to`: `to` cannot change shape or go away while `from` exists. */
export const DependencySchema = z.object({
  /**
   * The dependent object's key. Column defaults and generation expressions are
   * `default:<schema>.<table>.<column>` (not a kind of their own: they belong to the column).
   */
  from: z.string(),
  /** The key of the object it depends on: a table, column, view, function, type, sequence… */
  to: z.string(),
});

/** `from` uses `to`. */
export type Dependency = z.infer<typeof DependencySchema>;

interface Row {
  class: string;
  objid: string;
  objsubid: number;
  refclass: string;
  refobjid: string;
  refobjsubid: number;
}

const regclass = (name: string) => `'pg_catalog.${name}'::regclass`;

/** How {@link CatalogContext.keysByOid} names the catalogs `pg_depend` points into. */
const CATALOG: Readonly<Record<string, string>> = {
  pg_class: 'class',
  pg_proc: 'proc',
  pg_type: 'type',
  pg_constraint: 'constraint',
  pg_trigger: 'trigger',
  pg_policy: 'policy',
  pg_rewrite: 'rewrite',
  pg_attrdef: 'attrdef',
};

/**
 * The `pg_depend` rows that can matter: normal and automatic dependencies between user objects
 * (OIDs from 16384 on), of views and rules, defaults, policies, functions and types on
 * anything, and of constraints, indexes, columns and triggers on what they use by name — but
 * not of constraints and defaults on columns, which say nothing a plan needs.
 * No catalog is joined: the readers noted every object's key under its OID.
 */
function sql(): string {
  return `SELECT d.classid::regclass::text AS class, d.objid::text, d.objsubid,
  d.refclassid::regclass::text AS refclass, d.refobjid::text, d.refobjsubid
FROM pg_catalog.pg_depend d
WHERE d.objid >= 16384 AND d.refobjid >= 16384 AND d.deptype IN ('n', 'a')
  AND d.refclassid IN (${regclass('pg_class')}, ${regclass('pg_proc')}, ${regclass('pg_type')}, ${regclass('pg_constraint')})
  AND (d.classid IN (${regclass('pg_rewrite')}, ${regclass('pg_attrdef')}, ${regclass('pg_policy')}, ${regclass('pg_proc')}, ${regclass('pg_type')})
    OR (d.deptype = 'n' AND d.classid IN (${regclass('pg_constraint')}, ${regclass('pg_class')}, ${regclass('pg_trigger')})))
  AND NOT (d.refobjsubid > 0 AND d.classid IN (${regclass('pg_attrdef')}, ${regclass('pg_constraint')}))`;
}

/** The key of a table's column, from the table's key and the column names the column reader noted. */
function columnKey(ctx: CatalogContext, relid: string, attnum: number): string | undefined {
  const table = ctx.keysByOid.get(oidKey('class', relid));
  if (table === undefined || !table.startsWith('table:')) return undefined;
  const name = ctx.attributeNames.get(attributeKey(relid, attnum));
  return name === undefined ? undefined : `column:${table.slice('table:'.length)}.${keyPart(name)}`;
}

/**
 * Read the dependencies between the objects the other readers read (so they run first): both
 * ends are objects of the snapshot, or column defaults of its columns. A pair may come more than
 * once (a view using a column twice); the snapshot's sort removes the repeats. References of a
 * constraint or a default to columns are left out: they say nothing a plan needs.
 */
export async function readDependencies(ctx: CatalogContext): Promise<Dependency[]> {
  const keys = ctx.keysByOid;
  const out: Dependency[] = [];
  const map = (row: Row): void => {
    const fromCatalog = CATALOG[row.class];
    const toCatalog = CATALOG[row.refclass];
    if (fromCatalog === undefined || toCatalog === undefined) return;
    const from =
      row.objsubid > 0 ? columnKey(ctx, row.objid, row.objsubid) : keys.get(oidKey(fromCatalog, row.objid));
    if (from === undefined) return;
    // A column of a view or a composite type stands for the whole.
    const to =
      (row.refobjsubid > 0 ? columnKey(ctx, row.refobjid, row.refobjsubid) : undefined) ??
      keys.get(oidKey(toCatalog, row.refobjid));
    if (to === undefined || to === from) return;
    if (to.startsWith('column:') && (from.startsWith('constraint:') || from.startsWith('default:'))) return;
    out.push({ from, to });
  };
  // On several sessions other readers may still be noting keys: rows wait until they are done
  // (on one session they are, and rows are mapped as they arrive).
  let notesComplete = false;
  ctx.objectsRead.then(
    () => {
      notesComplete = true;
    },
    () => {},
  );
  let waiting: (readonly Row[])[] = [];
  const mapWaiting = () => {
    for (const early of waiting) for (const row of early) map(row);
    waiting = [];
  };
  for await (const batch of ctx.batches<Row>(sql())) {
    if (!notesComplete) waiting.push(batch);
    else {
      mapWaiting();
      for (const row of batch) map(row);
    }
  }
  await ctx.objectsRead;
  mapWaiting();
  return out;
}
