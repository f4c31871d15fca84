/**
 * What partitioning does on its own, which the plan must neither repeat nor miss (issue 16
 * item 9): a partition's columns come from its parent, and so do type, default and NOT NULL
 * changes made on the parent; a partition created or attached gets a clone of each of the
 * parent's indexes; an index made `ON ONLY` the parent stays invalid until every partition's
 * index is attached to it.
 */
import { quoteIdent, quoteLiteral } from '@pum/core';
import { type Column, type Index, objectKey, type Table } from '@pum/introspect';
import { jsonEqual } from '../compare-fields.js';
import type { Draft, PlanContext, PlanSide } from './plan-context.js';
import { nameOf } from './sql-names.js';

type Named = { schema: string; name: string };

const sameName = (a: Named | null | undefined, b: Named | null | undefined) =>
  a != null && b != null && a.schema === b.schema && a.name === b.name;

function tableOf(side: PlanSide, schema: string, name: string): Table | undefined {
  return side.lookup(objectKey('table', schema, name))?.object as Table | undefined;
}

function indexOf(side: PlanSide, key: string): Index | undefined {
  return side.lookup(key)?.object as Index | undefined;
}

/** The key of the partitioned index `index` is attached to, if any. */
export function parentIndexKey(index: Index): string | undefined {
  return index.partitionOf ? objectKey('index', index.partitionOf.schema, index.partitionOf.name) : undefined;
}

/** Fields of an index that change without re-creating it: validity follows attachments. */
const IN_PLACE = new Set(['clustered', 'comment', 'valid', 'partitionOf', 'replicaIdentity']);

/** Whether the index fields `fields` can all change in place (no drop and create). */
export function changesInPlace(fields: Iterable<string>): boolean {
  return [...fields].every((f) => IN_PLACE.has(f));
}

/** Whether the index of `key` exists on both sides and is not dropped and created again. */
function indexStays(key: string, ctx: PlanContext): boolean {
  const from = indexOf(ctx.from, key);
  const to = indexOf(ctx.to, key);
  if (from === undefined || to === undefined || remadeParents(ctx).has(key)) return false;
  const fields = Object.keys({ ...from, ...to }) as (keyof Index)[];
  return changesInPlace(fields.filter((f) => !jsonEqual(from[f], to[f])));
}

/** Whether the plan makes the table a partition of its target parent (creates or attaches it). */
function becomesPartition(table: Table, ctx: PlanContext): boolean {
  const before = tableOf(ctx.from, table.schema, table.name);
  return table.partitionOf !== null && !sameName(before?.partitionOf, table.partitionOf);
}

/**
 * Whether the server makes `index` itself: it is new, its table becomes a partition in this
 * plan, and the parent index it is attached to exists by then (it stays, or is such a clone).
 */
export function clonedByServer(index: Index, ctx: PlanContext): boolean {
  const parent = parentIndexKey(index);
  if (parent === undefined || ctx.from.has(index.key)) return false;
  const table = tableOf(ctx.to, index.schema, index.table);
  if (table === undefined || !becomesPartition(table, ctx)) return false;
  const parentIndex = indexOf(ctx.to, parent);
  if (
    parentIndex === undefined ||
    !sameName(table.partitionOf, { schema: parentIndex.schema, name: parentIndex.table })
  )
    return false;
  return indexStays(parent, ctx) || clonedByServer(parentIndex, ctx);
}

/**
 * The server's clone of the parent's index, given the target's name: the server chose a name
 * of its own, found through `pg_inherits` when the step runs.
 */
export function renameClone(index: Index): Draft[] {
  const parent = parentIndexKey(index) as string;
  const { schema, name } = index.partitionOf as Named;
  const sql = `DO $pum$
DECLARE clone name;
BEGIN
  SELECT c.relname INTO STRICT clone FROM pg_catalog.pg_inherits h
    JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid
    JOIN pg_catalog.pg_index x ON x.indexrelid = h.inhrelid
    WHERE h.inhparent = ${quoteLiteral(nameOf({ schema, name }))}::regclass
      AND x.indrelid = ${quoteLiteral(nameOf({ schema: index.schema, name: index.table }))}::regclass;
  IF clone <> ${quoteLiteral(index.name)} THEN
    EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', ${quoteLiteral(index.schema)}, clone, ${quoteLiteral(index.name)});
  END IF;
END
$pum$;`;
  return [
    { sql: `-- ${nameOf(index)}: made by the server with its partition, from ${nameOf({ schema, name })}` },
    { sql, after: [parent, objectKey('table', index.schema, index.table)] },
  ];
}

/** `ALTER INDEX parent ATTACH PARTITION index`, once both exist and the table is a partition. */
export function attachIndex(index: Index): Draft {
  const parent = index.partitionOf as Named;
  return {
    sql: `ALTER INDEX ${nameOf(parent)} ATTACH PARTITION ${nameOf(index)};`,
    after: [parentIndexKey(index) as string, objectKey('table', index.schema, index.table), index.key],
  };
}

/**
 * The partitions a new partitioned index must wait for: those the plan creates or attaches get
 * their index made and attached explicitly, not cloned by the server behind the plan's back.
 */
export function partitionsToWaitFor(index: Index, ctx: PlanContext): string[] {
  const out: string[] = [];
  for (const table of ctx.to.objectsOf(['tables']) as Iterable<Table>) {
    if (
      sameName(table.partitionOf, { schema: index.schema, name: index.table }) &&
      becomesPartition(table, ctx)
    )
      out.push(table.key);
  }
  return out;
}

/** Whether the plan detaches the index's table from its partitioned table (which detaches the index). */
export function detachedWithTable(index: Index, ctx: PlanContext): boolean {
  const before = tableOf(ctx.from, index.schema, index.table);
  const after = tableOf(ctx.to, index.schema, index.table);
  return before?.partitionOf != null && !sameName(before.partitionOf, after?.partitionOf);
}

/**
 * Whether an index is dropped with the partitioned index it is attached to, or with that
 * index's own parent (an attached index cannot be dropped alone).
 */
export function droppedWithParent(index: Index, ctx: PlanContext): boolean {
  const parent = parentIndexKey(index);
  if (parent === undefined) return false;
  const parentIndex = indexOf(ctx.from, parent);
  return !indexStays(parent, ctx) || (parentIndex !== undefined && droppedWithParent(parentIndex, ctx));
}

const remade = new WeakMap<PlanSide, Set<string>>();

/**
 * Partitioned indexes the plan drops and makes again although they do not change: an index
 * attached to one of them stops being attached (or goes) while its table stays a partition.
 * An attached index cannot be detached or dropped alone; dropping the topmost staying
 * ancestor takes it along, and every other index attached below is made again with it.
 * Indexes of constraints are left out (their constraint's steps own them).
 */
export function remadeParents(ctx: PlanContext): ReadonlySet<string> {
  let out = remade.get(ctx.from);
  if (out !== undefined) return out;
  out = new Set();
  remade.set(ctx.from, out);
  for (const index of ctx.from.objectsOf(['indexes']) as Iterable<Index>) {
    let top = parentIndexKey(index);
    if (top === undefined || !ctx.to.has(top) || detachedWithTable(index, ctx)) continue;
    const now = indexOf(ctx.to, index.key);
    if (now !== undefined && parentIndexKey(now) === top) continue;
    for (let up: string | undefined = top; up !== undefined && ctx.to.has(up); ) {
      top = up;
      const above = indexOf(ctx.from, up);
      up = above === undefined ? undefined : parentIndexKey(above);
    }
    if (indexOf(ctx.from, top)?.constraint === null) out.add(top);
  }
  return out;
}

/**
 * Indexes dropped whose table the plan detaches from its partitioned table, while the index
 * they are attached to stays: they can go only once `DETACH PARTITION` has detached them,
 * after the create phase.
 */
export function dropsAfterDetach(removed: Iterable<string>, ctx: PlanContext): string[] {
  const out: string[] = [];
  for (const key of removed) {
    const index = indexOf(ctx.from, key);
    if (index?.partitionOf !== undefined && detachedWithTable(index, ctx) && !droppedWithParent(index, ctx))
      out.push(key);
  }
  return out;
}

/** The parent's column a partition's column comes from, on `side`. */
export function partitionParentColumn(column: Column, side: PlanSide): Column | undefined {
  const parent = tableOf(side, column.schema, column.table)?.partitionOf;
  if (!parent) return undefined;
  return side.lookup(objectKey('column', parent.schema, parent.name, column.name))?.object as
    | Column
    | undefined;
}

/**
 * Whether a partition's column, a partition on both sides of the same parent, changes with its
 * parent's column: a type or collation change made on the parent reaches every partition, and
 * the parent's `DROP COLUMN` drops it (a partition's own cannot be dropped or retyped).
 */
export function followsParent(column: Column, ctx: PlanContext): boolean {
  const before = tableOf(ctx.from, column.schema, column.table);
  const after = tableOf(ctx.to, column.schema, column.table);
  return (
    before?.partitionOf != null && (after === undefined || sameName(before.partitionOf, after.partitionOf))
  );
}

/** Where a partition's own setting of a column comes after its parent's (which reaches it too). */
export function afterParentColumn(column: Column, side: PlanSide): string[] {
  const parent = partitionParentColumn(column, side);
  return parent === undefined ? [] : [parent.key];
}

/** A new partition's own NOT NULLs (those its parent's columns lack), which `PARTITION OF` does not give it. */
export function partitionNotNulls(table: Table, columns: readonly Column[], side: PlanSide): Draft[] {
  const alter = `ALTER ${table.kind === 'foreign' ? 'FOREIGN ' : ''}TABLE ${nameOf(table)}`;
  return columns
    .filter((c) => c.notNull && partitionParentColumn(c, side)?.notNull === false)
    .map((c) => ({ sql: `${alter} ALTER COLUMN ${quoteIdent(c.name)} SET NOT NULL;` }));
}

/**
 * What a partitioned table's `DROP NOT NULL` takes from its partitions (it reaches every one):
 * each partition staying under it whose column keeps NOT NULL of its own gets it again after.
 */
export function keptPartitionNotNulls(column: Column, ctx: PlanContext): Draft[] {
  const out: Draft[] = [];
  const walk = (parent: Named) => {
    for (const table of ctx.to.objectsOf(['tables']) as Iterable<Table>) {
      if (!sameName(table.partitionOf, parent)) continue;
      if (!sameName(tableOf(ctx.from, table.schema, table.name)?.partitionOf, parent)) continue;
      const own = ctx.to.lookup(objectKey('column', table.schema, table.name, column.name))?.object as
        | Column
        | undefined;
      if (own?.notNull)
        out.push({
          sql: `ALTER ${table.kind === 'foreign' ? 'FOREIGN ' : ''}TABLE ${nameOf(table)} ALTER COLUMN ${quoteIdent(column.name)} SET NOT NULL;`,
          hazards: ['access-exclusive-lock'],
        });
      else walk(table);
    }
  };
  walk({ schema: column.schema, name: column.table });
  return out;
}

/**
 * A partition's identity change (PostgreSQL 17+, where a partition shares its parent's identity
 * and sequence and refuses identity commands of its own): none when it ends as its parent's
 * column does (the parent's change reaches it), else a step for a person.
 */
export function partitionIdentity(column: Column, fields: ReadonlySet<string>, ctx: PlanContext): Draft[] {
  if (!fields.has('identity')) return [];
  const parent = partitionParentColumn(column, ctx.to);
  // The partition's column owns no sequence (the parent's serves it), so only the kind of identity
  // (or none) can be told apart from the parent's.
  if (parent !== undefined && parent.identity?.generation === column.identity?.generation) return [];
  return [
    {
      sql: `-- ${nameOf({ schema: column.schema, name: column.table })}.${quoteIdent(column.name)}: a partition's identity unlike its parent's, by hand`,
      hazards: ['manual'],
    },
  ];
}
