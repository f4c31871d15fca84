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
import { objectKey } from '../object-key.js';
import { type CatalogContext, namespacesCte } from './context.js';

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
  from_ref: string[] | null;
  to_ref: string[] | null;
}

// A key as [kind, ...name parts]; functions carry their identity arguments as the last part.
const relationRef = (cls: string, sub: string, nsp: string) => `(SELECT CASE
    WHEN ${sub} > 0 AND c.relkind IN ('r', 'p', 'f') THEN ARRAY['column', n.nspname, c.relname, a.attname]
    WHEN c.relkind IN ('r', 'p', 'f') THEN ARRAY['table', n.nspname, c.relname]
    WHEN c.relkind = 'v' THEN ARRAY['view', n.nspname, c.relname]
    WHEN c.relkind = 'm' THEN ARRAY['materialized_view', n.nspname, c.relname]
    WHEN c.relkind = 'S' THEN ARRAY['sequence', n.nspname, c.relname]
    WHEN c.relkind IN ('i', 'I') THEN ARRAY['index', n.nspname, c.relname]
    WHEN c.relkind = 'c' THEN ARRAY['type', n.nspname, (SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = c.reltype)]
  END
  FROM pg_catalog.pg_class c JOIN ${nsp} n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = ${sub}
  WHERE c.oid = ${cls})`;

const functionRef = (oid: string, nsp: string) => `(SELECT ARRAY['function', n.nspname, p.proname,
    pg_catalog.pg_get_function_identity_arguments(p.oid)]
  FROM pg_catalog.pg_proc p JOIN ${nsp} n ON n.oid = p.pronamespace WHERE p.oid = ${oid})`;

// Array types stand for their element type, a table's row type for the table.
const typeRef = (oid: string, nsp: string) => `(SELECT CASE
    WHEN rel.relkind IS NOT NULL AND rel.relkind <> 'c' THEN ARRAY['table', n.nspname, rel.relname]
    ELSE ARRAY['type', n.nspname, t.typname]
  END
  FROM pg_catalog.pg_type t0
  JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN t0.typcategory = 'A' AND t0.typelem <> 0 THEN t0.typelem ELSE t0.oid END
  JOIN ${nsp} n ON n.oid = t.typnamespace
  LEFT JOIN pg_catalog.pg_class rel ON rel.oid = t.typrelid
  WHERE t0.oid = ${oid})`;

const constraintRef = (oid: string, nsp: string) => `(SELECT CASE
    WHEN con.contypid <> 0 THEN ARRAY['type', n.nspname, (SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = con.contypid)]
    ELSE ARRAY['constraint', n.nspname, (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = con.conrelid), con.conname]
  END
  FROM pg_catalog.pg_constraint con JOIN ${nsp} n ON n.oid = con.connamespace WHERE con.oid = ${oid})`;

/**
 * Read the dependencies of the objects that pass the filter. Keys are kept only when the
 * other end is in `known` (an object of the snapshot), so references to extension members and
 * to filtered-out schemas drop away.
 */
export async function readDependencies(
  ctx: CatalogContext,
  known: ReadonlySet<string>,
): Promise<Dependency[]> {
  // Dependents are limited to the schemas of the filter (`ns`); what they use may be anywhere
  // (`pg_namespace`), then kept only when it is in the snapshot.
  const sql = `WITH ${namespacesCte(ctx)}
SELECT
  CASE d.classid
    WHEN 'pg_catalog.pg_rewrite'::regclass THEN (SELECT CASE
        WHEN r.rulename = '_RETURN' AND c.relkind = 'v' THEN ARRAY['view', n.nspname, c.relname]
        WHEN r.rulename = '_RETURN' AND c.relkind = 'm' THEN ARRAY['materialized_view', n.nspname, c.relname]
        ELSE ARRAY['rule', n.nspname, c.relname, r.rulename] END
      FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
      JOIN ns n ON n.oid = c.relnamespace WHERE r.oid = d.objid)
    WHEN 'pg_catalog.pg_attrdef'::regclass THEN (SELECT ARRAY['default', n.nspname, c.relname, a.attname]
      FROM pg_catalog.pg_attrdef ad JOIN pg_catalog.pg_class c ON c.oid = ad.adrelid
      JOIN ns n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
      WHERE ad.oid = d.objid)
    WHEN 'pg_catalog.pg_trigger'::regclass THEN (SELECT ARRAY['trigger', n.nspname, c.relname, tg.tgname]
      FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid
      JOIN ns n ON n.oid = c.relnamespace WHERE tg.oid = d.objid)
    WHEN 'pg_catalog.pg_policy'::regclass THEN (SELECT ARRAY['policy', n.nspname, c.relname, pol.polname]
      FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
      JOIN ns n ON n.oid = c.relnamespace WHERE pol.oid = d.objid)
    WHEN 'pg_catalog.pg_proc'::regclass THEN ${functionRef('d.objid', 'ns')}
    WHEN 'pg_catalog.pg_type'::regclass THEN ${typeRef('d.objid', 'ns')}
    WHEN 'pg_catalog.pg_constraint'::regclass THEN ${constraintRef('d.objid', 'ns')}
    WHEN 'pg_catalog.pg_class'::regclass THEN ${relationRef('d.objid', 'd.objsubid', 'ns')}
  END::text[] AS from_ref,
  CASE d.refclassid
    WHEN 'pg_catalog.pg_class'::regclass THEN ${relationRef('d.refobjid', 'd.refobjsubid', 'pg_catalog.pg_namespace')}
    WHEN 'pg_catalog.pg_proc'::regclass THEN ${functionRef('d.refobjid', 'pg_catalog.pg_namespace')}
    WHEN 'pg_catalog.pg_type'::regclass THEN ${typeRef('d.refobjid', 'pg_catalog.pg_namespace')}
    WHEN 'pg_catalog.pg_constraint'::regclass THEN ${constraintRef('d.refobjid', 'pg_catalog.pg_namespace')}
  END::text[] AS to_ref
FROM pg_catalog.pg_depend d
WHERE d.objid >= 16384 AND d.refobjid >= 16384 AND d.deptype IN ('n', 'a')
  AND d.refclassid IN ('pg_catalog.pg_class'::regclass, 'pg_catalog.pg_proc'::regclass,
    'pg_catalog.pg_type'::regclass, 'pg_catalog.pg_constraint'::regclass)
  AND (d.classid IN ('pg_catalog.pg_rewrite'::regclass, 'pg_catalog.pg_attrdef'::regclass,
      'pg_catalog.pg_policy'::regclass, 'pg_catalog.pg_proc'::regclass, 'pg_catalog.pg_type'::regclass)
    OR (d.deptype = 'n' AND d.classid IN ('pg_catalog.pg_constraint'::regclass,
      'pg_catalog.pg_class'::regclass, 'pg_catalog.pg_trigger'::regclass)))`;
  const seen = new Set<string>();
  const out: Dependency[] = [];
  for await (const row of ctx.rows<Row>(sql, ctx.filterValues)) {
    if (row.from_ref === null || row.to_ref === null) continue;
    const from = refKey(row.from_ref);
    const to = refKey(row.to_ref);
    const owner = from.startsWith('default:') ? `column:${from.slice('default:'.length)}` : from;
    if (from === to || owner === to || !known.has(owner) || !known.has(to)) continue;
    const pair = `${from}\n${to}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    out.push({ from, to });
  }
  return out;
}

/** The key of an `[kind, ...parts]` reference; a function's last part is its arguments. */
function refKey(ref: string[]): string {
  const [kind = '', ...parts] = ref;
  if (kind !== 'function') return objectKey(kind, ...parts);
  const args = parts.pop() ?? '';
  return `${objectKey(kind, ...parts)}(${args})`;
}
