/**
 * How objects hang together on one side of a plan: the relation a child belongs to, the
 * columns that belong to views, what uses an object or one of its children.
 */
import type { Constraint, Index, ObjectKind, SnapshotObject } from '@pum/introspect';
import { objectKey } from '@pum/introspect';
import type { IndexedSide } from './plan-side.js';

/** Tables, views and materialized views: the kinds that have columns and children. */
export const RELATION_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>([
  'tables',
  'views',
  'materializedViews',
]);

/** The object of `key` on `side` (it is there: keys come from the diff of the two sides). */
export function objectOf(side: IndexedSide, key: string): SnapshotObject {
  const entry = side.lookup(key);
  if (entry === undefined) throw new Error(`planMigration: no object ${key}`);
  return entry.object;
}

/** A column of a view or materialized view: it follows the view's query. */
export function isViewColumn(kind: ObjectKind, key: string, side: IndexedSide): boolean {
  if (kind !== 'columns') return false;
  const parent = parentKey(side, key);
  return parent !== undefined && !parent.startsWith('table:');
}

/** The relation a column, constraint, index, trigger, policy or rule belongs to. */
export function parentKey(side: IndexedSide, key: string): string | undefined {
  const object = side.lookup(key)?.object as { schema?: string; table?: string } | undefined;
  if (object?.table === undefined || object.schema === undefined) return undefined;
  for (const kind of ['table', 'view', 'materialized_view']) {
    const parent = objectKey(kind, object.schema, object.table);
    if (side.has(parent)) return parent;
  }
  return undefined;
}

/** What uses `key` or one of its children (a table's columns, a constraint's index). */
export function dependentsWithChildren(side: IndexedSide, key: string): string[] {
  const entry = side.lookup(key);
  const keys = [key];
  if (entry !== undefined && RELATION_KINDS.has(entry.kind)) {
    const { schema, name } = entry.object as unknown as { schema: string; name: string };
    keys.push(...side.childrenOf(schema, name));
  }
  if (entry?.kind === 'constraints') {
    const c = entry.object as Constraint;
    keys.push(objectKey('index', c.schema, ownedIndexName(side, c) ?? c.name));
  }
  return keys.flatMap((k) => side.dependentsOf(k)).filter((k) => k !== key);
}

function ownedIndexName(side: IndexedSide, constraint: Constraint): string | undefined {
  for (const child of side.childrenOf(constraint.schema, constraint.table)) {
    const entry = side.lookup(child);
    if (entry?.kind === 'indexes' && (entry.object as Index).constraint === constraint.name)
      return (entry.object as Index).name;
  }
  return undefined;
}
