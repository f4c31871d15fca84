/** One snapshot indexed for planning: objects by key, columns and children by relation, dependencies both ways. */
import type { Column, ObjectKind, Snapshot, SnapshotObject } from '@pum/introspect';
import { OBJECT_KINDS } from '@pum/introspect';
import type { PlanSide } from './plan-context.js';

/** Kinds whose objects hang off a relation (`table` field). */
const CHILD_KINDS = new Set<ObjectKind>([
  'columns',
  'constraints',
  'indexes',
  'triggers',
  'policies',
  'rules',
]);

/** A {@link PlanSide} that also lists the children of each relation. */
export interface IndexedSide extends PlanSide {
  /** Keys of the columns, constraints, indexes, triggers, policies and rules of a relation. */
  childrenOf(schema: string, relation: string): readonly string[];
}

/** Lists by schema, then by relation: no key string is built per object. */
class ByRelation<T> {
  private readonly schemas = new Map<string, Map<string, T[]>>();

  add(schema: string, relation: string, item: T): void {
    let relations = this.schemas.get(schema);
    if (relations === undefined) {
      relations = new Map();
      this.schemas.set(schema, relations);
    }
    const list = relations.get(relation);
    if (list) list.push(item);
    else relations.set(relation, [item]);
  }

  get(schema: string, relation: string): T[] {
    return this.schemas.get(schema)?.get(relation) ?? [];
  }

  lists(): IterableIterator<Map<string, T[]>> {
    return this.schemas.values();
  }
}

/** Index `snapshot` for planning; the dependency maps are built on first use. */
export function indexSide(snapshot: Snapshot): IndexedSide {
  const byKey = new Map<string, { kind: ObjectKind; object: SnapshotObject }>();
  const columns = new ByRelation<Column>();
  const children = new ByRelation<string>();
  for (const kind of OBJECT_KINDS) {
    const isChild = CHILD_KINDS.has(kind);
    for (const object of snapshot.objects[kind] as SnapshotObject[]) {
      byKey.set(object.key, { kind, object });
      if (!isChild) continue;
      const { schema, table } = object as unknown as { schema: string; table: string };
      children.add(schema, table, object.key);
      if (kind === 'columns') columns.add(schema, table, object as Column);
    }
  }
  for (const relations of columns.lists())
    for (const list of relations.values()) list.sort((a, b) => a.position - b.position);
  let edges: { dependents: Map<string, string[]>; dependencies: Map<string, string[]> } | undefined;
  const edgeMaps = () => {
    if (edges !== undefined) return edges;
    const push = (map: Map<string, string[]>, key: string, value: string) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    edges = { dependents: new Map(), dependencies: new Map() };
    for (const { from, to } of snapshot.dependencies) {
      push(edges.dependents, to, from);
      push(edges.dependencies, from, to);
    }
    return edges;
  };
  return {
    snapshot,
    byKey,
    columnsOf: (schema, relation) => columns.get(schema, relation),
    childrenOf: (schema, relation) => children.get(schema, relation),
    dependentsOf: (key) => edgeMaps().dependents.get(key) ?? [],
    dependenciesOf: (key) => edgeMaps().dependencies.get(key) ?? [],
  };
}
