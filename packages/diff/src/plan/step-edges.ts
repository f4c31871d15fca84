/**
 * The order constraints of the two phases: in the drop phase an object goes after what uses it,
 * in the create phase after what it uses, its schema and its relation.
 */
import type { Index, ObjectKind, Sequence, Table } from '@pum/introspect';
import { OBJECT_KINDS, objectKey } from '@pum/introspect';
import type { MigrationStep } from './migration-plan.js';
import type { IndexedSide } from './plan-side.js';
import { dependentsWithChildren, parentKey, RELATION_KINDS } from './side-structure.js';
import type { StepOrder } from './step-order.js';

/** Drop edges: an object goes after what uses it (its dependents and children). */
export function orderDrops(
  drops: StepOrder<MigrationStep>,
  side: IndexedSide,
  removed: ReadonlyMap<string, ObjectKind>,
): void {
  const resolve = (key: string): string => {
    const parent = parentKey(side, key);
    if (parent !== undefined && removed.has(parent) && !drops.has(key)) return parent;
    const entry = side.lookup(key);
    if (entry?.kind === 'indexes') {
      const index = entry.object as Index;
      if (index.constraint !== null)
        return objectKey('constraint', index.schema, index.table, index.constraint);
    }
    return key;
  };
  for (const key of [...drops.keys()]) {
    for (const dependent of dependentsWithChildren(side, key)) drops.addEdge(key, resolve(dependent));
    const entry = side.lookup(key);
    if (entry !== undefined && RELATION_KINDS.has(entry.kind)) {
      const { schema, name } = entry.object as unknown as { schema: string; name: string };
      for (const child of side.childrenOf(schema, name)) drops.addEdge(key, child);
    }
    if (entry?.kind === 'tables') {
      // Partitions and inheritance children before their parent.
      const table = entry.object as Table;
      for (const parent of [...(table.partitionOf ? [table.partitionOf] : []), ...table.inherits]) {
        drops.addEdge(objectKey('table', parent.schema, parent.name), key);
      }
    }
    if (entry?.kind === 'columns') {
      // An inheritance child's column after its parent's (dropped ONLY, it becomes the child's own).
      const column = entry.object as { schema: string; table: string; name: string };
      const table = side.lookup(objectKey('table', column.schema, column.table))?.object as Table | undefined;
      for (const parent of table?.inherits ?? [])
        drops.addEdge(key, objectKey('column', parent.schema, parent.name, column.name));
    }
    if (entry?.kind === 'schemas') {
      const schema = (entry.object as { name: string }).name;
      for (const other of side.objectsOf(OBJECT_KINDS)) {
        if ((other as { schema?: unknown }).schema === schema) drops.addEdge(key, resolve(other.key));
      }
    }
  }
  for (const key of removed.keys()) if (key.startsWith('default:')) drops.addEdge(key, key);
}

/** Create edges: an object goes after what it uses, its schema and its relation. */
export function orderCreates(creates: StepOrder<MigrationStep>, side: IndexedSide): void {
  const resolve = (key: string): string => {
    if (creates.has(key)) return key;
    if (key.startsWith('default:')) return resolve(`column:${key.slice('default:'.length)}`);
    const entry = side.lookup(key);
    if (entry?.kind === 'columns') return parentKey(side, key) ?? key;
    if (entry?.kind === 'indexes') {
      const index = entry.object as Index;
      if (index.constraint !== null)
        return objectKey('constraint', index.schema, index.table, index.constraint);
    }
    return key;
  };
  const link = (key: string, used: string) => {
    const node = resolve(key);
    const before = resolve(used);
    if (node !== before && creates.has(node)) creates.addEdge(node, before);
  };
  // What each object uses, for the objects the plan creates or alters: a node's own object
  // and, for a new table, the columns and defaults it creates with it.
  const linkObject = (key: string) => {
    const entry = side.lookup(key);
    for (const used of side.dependenciesOf(key)) link(key, used);
    if (entry === undefined) return;
    const object = entry.object as { schema?: unknown; name?: string };
    if (typeof object.schema === 'string') link(key, objectKey('schema', object.schema));
    const parent = parentKey(side, key);
    if (parent !== undefined) link(key, parent);
    if (entry.kind === 'columns') {
      const defaultKey = `default:${key.slice('column:'.length)}`;
      for (const used of side.dependenciesOf(defaultKey)) link(defaultKey, used);
    }
  };
  for (const node of [...creates.keys()]) {
    if (node.startsWith('default:')) {
      for (const used of side.dependenciesOf(node)) link(node, used);
      link(node, `column:${node.slice('default:'.length)}`);
      continue;
    }
    linkObject(node);
    const entry = side.lookup(node);
    if (entry !== undefined && RELATION_KINDS.has(entry.kind)) {
      const { schema, name } = entry.object as unknown as { schema: string; name: string };
      for (const column of side.columnsOf(schema, name)) if (!creates.has(column.key)) linkObject(column.key);
    }
  }
}

/**
 * The removed objects that something staying still uses when the drop phase runs: a column
 * whose type or collation moves off them, a composite attribute or domain check that stops
 * using them, a sequence whose `OWNED BY` moves to another column. They are dropped after the
 * create phase has changed their users (with what must follow them: what they use, their schema).
 */
export function lateDrops(
  drops: StepOrder<MigrationStep>,
  before: IndexedSide,
  after: IndexedSide,
  removed: ReadonlyMap<string, ObjectKind>,
  replaced: ReadonlyMap<string, ObjectKind>,
): string[] {
  const gone = (key: string) => {
    if (removed.has(key) || replaced.has(key) || key.startsWith('default:')) return true;
    const parent = parentKey(before, key);
    return parent !== undefined && (removed.has(parent) || replaced.has(parent));
  };
  // Sequences by the column that owns them: OWNED BY is not among the recorded dependencies.
  const owned = new Map<string, string[]>();
  for (const sequence of before.objectsOf(['sequences']) as Iterable<Sequence>) {
    const owner = sequence.ownedBy;
    if (owner === null) continue;
    const column = objectKey('column', owner.schema, owner.table, owner.column);
    owned.set(column, [...(owned.get(column) ?? []), sequence.key]);
  }
  const usersOf = (key: string): string[] => {
    const users = dependentsWithChildren(before, key);
    const entry = before.lookup(key);
    const columns =
      entry?.kind === 'columns'
        ? [key]
        : entry?.kind === 'tables'
          ? before.columnsOf((entry.object as Table).schema, (entry.object as Table).name).map((c) => c.key)
          : [];
    for (const column of columns) users.push(...(owned.get(column) ?? []));
    return users;
  };
  const out: string[] = [];
  for (const key of removed.keys()) {
    if (!drops.has(key)) continue;
    if (usersOf(key).some((user) => after.has(user) && !gone(user))) out.push(key);
  }
  return out;
}
