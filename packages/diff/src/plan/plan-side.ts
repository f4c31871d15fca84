/** One snapshot indexed for planning: objects by key, columns and children by relation, dependencies both ways. */
import type { Column, ObjectKind, Snapshot, SnapshotObject } from '@pum/introspect';
import { OBJECT_KINDS } from '@pum/introspect';
import type { PlanSide } from './plan-context.js';

/** Kinds whose objects hang off a relation (`table` field). */
const CHILD_KINDS: readonly ObjectKind[] = [
  'columns',
  'constraints',
  'indexes',
  'triggers',
  'policies',
  'rules',
];

/** A {@link PlanSide} that also lists the children of each relation. */
export interface IndexedSide extends PlanSide {
  /** Keys of the columns, constraints, indexes, triggers, policies and rules of a relation. */
  childrenOf(schema: string, relation: string): readonly string[];
}

const relationId = (schema: string, relation: string) => `${schema}\u0000${relation}`;

/** Index `snapshot` for planning. */
export function indexSide(snapshot: Snapshot): IndexedSide {
  const byKey = new Map<string, { kind: ObjectKind; object: SnapshotObject }>();
  const columns = new Map<string, Column[]>();
  const children = new Map<string, string[]>();
  for (const kind of OBJECT_KINDS) {
    for (const object of snapshot.objects[kind] as SnapshotObject[]) {
      byKey.set(object.key, { kind, object });
      if (!CHILD_KINDS.includes(kind)) continue;
      const { schema, table } = object as unknown as { schema: string; table: string };
      const id = relationId(schema, table);
      const list = children.get(id);
      if (list) list.push(object.key);
      else children.set(id, [object.key]);
      if (kind === 'columns') {
        const cols = columns.get(id);
        if (cols) cols.push(object as Column);
        else columns.set(id, [object as Column]);
      }
    }
  }
  for (const list of columns.values()) list.sort((a, b) => a.position - b.position);
  const dependents = new Map<string, string[]>();
  const dependencies = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const { from, to } of snapshot.dependencies) {
    push(dependents, to, from);
    push(dependencies, from, to);
  }
  return {
    snapshot,
    byKey,
    columnsOf: (schema, relation) => columns.get(relationId(schema, relation)) ?? [],
    childrenOf: (schema, relation) => children.get(relationId(schema, relation)) ?? [],
    dependentsOf: (key) => dependents.get(key) ?? [],
    dependenciesOf: (key) => dependencies.get(key) ?? [],
  };
}
