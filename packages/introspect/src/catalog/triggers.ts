/**
 * Triggers on tables and views (`pg_trigger`), without internal ones (foreign-key checks)
 * and without the clones PostgreSQL makes on partitions of a partitioned table's trigger: the
 * server makes them again, under the same name, whenever the trigger or a partition is made.
 * Only a clone's enabled state is the schema's (pg_dump writes `ALTER TABLE partition DISABLE
 * TRIGGER …` for it); the trigger lists the partitions where it differs from its own.
 */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import { compareText } from '../sort.js';
import {
  type CatalogContext,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  rememberKey,
} from './context.js';

const ENABLED = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' } as const;

/** A trigger. */
export const TriggerSchema = z.object({
  /** `trigger:<schema>.<table>.<name>`. */
  key: z.string(),
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  /** The full `CREATE TRIGGER` statement, from `pg_get_triggerdef`. */
  definition: z.string(),
  /** `before`, `after` or `instead of`. */
  timing: z.enum(['before', 'after', 'instead of']),
  /** Events, in the order insert, update, delete, truncate. */
  events: z.array(z.enum(['insert', 'update', 'delete', 'truncate'])),
  /** `row` or `statement`. */
  level: z.enum(['row', 'statement']),
  /** The trigger function, `schema.name`. */
  function: z.string(),
  /** `origin` (enabled), `disabled`, `replica` or `always` (`ALTER TABLE … ENABLE …`). */
  enabled: z.enum(['origin', 'disabled', 'replica', 'always']),
  /** A constraint trigger (`CREATE CONSTRAINT TRIGGER`). */
  constraint: z.boolean(),
  /**
   * Partitions (at any depth) whose clone of this trigger is enabled otherwise than the
   * trigger, sorted by schema and table. Absent from snapshots written before, which read as
   * none.
   */
  partitions: z
    .array(
      z.object({
        schema: z.string(),
        table: z.string(),
        enabled: z.enum(['origin', 'disabled', 'replica', 'always']),
      }),
    )
    .default([]),
  comment: z.string().nullable(),
});

/** A trigger. */
export type Trigger = z.infer<typeof TriggerSchema>;

interface Row {
  oid: string;
  nspname: string;
  relname: string;
  tgname: string;
  definition: string;
  tgtype: number;
  function: string;
  tgenabled: keyof typeof ENABLED;
  is_constraint: boolean;
  description: string | null;
  partitions: [string, string, keyof typeof ENABLED][] | null;
}

// Bits of pg_trigger.tgtype (src/include/catalog/pg_trigger.h).
const ROW = 1 << 0;
const BEFORE = 1 << 1;
const INSERT = 1 << 2;
const DELETE = 1 << 3;
const UPDATE = 1 << 4;
const TRUNCATE = 1 << 5;
const INSTEAD = 1 << 6;

function sql(ctx: CatalogContext): string {
  return `WITH ${namespacesCte(ctx)}
SELECT t.oid::text, ns.nspname, c.relname, t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS definition, t.tgtype::int AS tgtype,
  pg_catalog.quote_ident(fn.nspname) || '.' || pg_catalog.quote_ident(f.proname) AS function,
  t.tgenabled, t.tgconstraint <> 0 AS is_constraint, d.description,
  CASE WHEN c.relkind = 'p' THEN (
    SELECT json_agg(json_build_array(pn.nspname, p.relname, ct.tgenabled))
    FROM pg_catalog.pg_partition_tree(c.oid) tree
    JOIN pg_catalog.pg_trigger ct ON ct.tgrelid = tree.relid AND ct.tgname = t.tgname AND ct.tgparentid <> 0
    JOIN pg_catalog.pg_class p ON p.oid = tree.relid
    JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
    WHERE ct.tgenabled <> t.tgenabled) END AS partitions
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_catalog.pg_proc f ON f.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
${commentJoin('d', 'pg_trigger', 't.oid')}
WHERE NOT t.tgisinternal AND t.tgparentid = 0
  AND ${notExtensionMember(ctx, 'pg_class', 'c.oid')}`;
}

/** Read the triggers of every relation that passes the filter. */
export async function readTriggers(ctx: CatalogContext): Promise<Trigger[]> {
  const out: Trigger[] = [];
  for await (const batch of ctx.batches<Row>(sql(ctx), ctx.filterValues))
    for (const r of batch) {
      const events: Trigger['events'] = [];
      if (r.tgtype & INSERT) events.push('insert');
      if (r.tgtype & UPDATE) events.push('update');
      if (r.tgtype & DELETE) events.push('delete');
      if (r.tgtype & TRUNCATE) events.push('truncate');
      out.push({
        key: rememberKey(ctx, 'trigger', r.oid, objectKey('trigger', r.nspname, r.relname, r.tgname)),
        schema: r.nspname,
        table: r.relname,
        name: r.tgname,
        definition: r.definition,
        timing: r.tgtype & INSTEAD ? 'instead of' : r.tgtype & BEFORE ? 'before' : 'after',
        events,
        level: r.tgtype & ROW ? 'row' : 'statement',
        function: r.function,
        enabled: ENABLED[r.tgenabled],
        constraint: r.is_constraint,
        partitions: (r.partitions ?? [])
          .map(([schema, table, enabled]) => ({ schema, table, enabled: ENABLED[enabled] }))
          .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table)),
        comment: r.description,
      });
    }
  return out;
}
