/**
 * Lookup maps over a snapshot, built once on demand; the snapshot itself stays plain data.
 */
import type { Column } from './catalog/columns.js';
import type { Constraint } from './catalog/constraints.js';
import type { Index } from './catalog/indexes.js';
import type { Policy } from './catalog/policies.js';
import type { Rule } from './catalog/rules.js';
import type { Trigger } from './catalog/triggers.js';
import { objectKey } from './object-key.js';
import { OBJECT_KINDS, type ObjectKind, type Snapshot, type SnapshotObjects } from './snapshot.js';

/** Any object of a snapshot. */
export type SnapshotObject = SnapshotObjects[ObjectKind][number];

/** Lookups over one snapshot. */
export interface SnapshotIndex {
  /** The object with this key, and its kind. */
  get(key: string): { kind: ObjectKind; object: SnapshotObject } | undefined;
  /** Columns of a table, view or materialized view, in position order. */
  columnsOf(schema: string, table: string): readonly Column[];
  /** Constraints on a table. */
  constraintsOf(schema: string, table: string): readonly Constraint[];
  /** Indexes on a table or materialized view. */
  indexesOf(schema: string, table: string): readonly Index[];
  /** Triggers on a table or view. */
  triggersOf(schema: string, table: string): readonly Trigger[];
  /** Rules on a table or view. */
  rulesOf(schema: string, table: string): readonly Rule[];
  /** Policies on a table. */
  policiesOf(schema: string, table: string): readonly Policy[];
  /** Foreign keys that reference a table. */
  referencesTo(schema: string, table: string): readonly Constraint[];
  /**
   * Keys of the objects that depend on a table: its columns, constraints, indexes, triggers,
   * rules and policies, foreign keys of other tables that reference it, sequences owned by
   * its columns, and its partitions and inheritance children.
   */
  dependentsOf(schema: string, table: string): readonly string[];
}

type ByTable<T> = Map<string, T[]>;

function groupByTable<T extends { schema: string; table: string }>(items: readonly T[]): ByTable<T> {
  const map: ByTable<T> = new Map();
  for (const item of items) {
    const key = objectKey('', item.schema, item.table);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

/**
 * Build lookup maps over `snapshot`, in linear time.
 *
 * @example
 * ```ts
 * const index = indexSnapshot(snapshot);
 * index.columnsOf('qwat_od', 'pipe').map((c) => `${c.name} ${c.type}`);
 * ```
 */
export function indexSnapshot(snapshot: Snapshot): SnapshotIndex {
  const { objects } = snapshot;
  const byKey = new Map<string, { kind: ObjectKind; object: SnapshotObject }>();
  for (const kind of OBJECT_KINDS) {
    for (const object of objects[kind]) byKey.set(object.key, { kind, object });
  }
  const columns = groupByTable(objects.columns);
  for (const list of columns.values()) list.sort((a, b) => a.position - b.position);
  const constraints = groupByTable(objects.constraints);
  const indexes = groupByTable(objects.indexes);
  const triggers = groupByTable(objects.triggers);
  const rules = groupByTable(objects.rules);
  const policies = groupByTable(objects.policies);
  const references = groupByTable(
    objects.constraints
      .filter((c) => c.foreignKey !== null)
      .map((c) => ({
        ...c,
        schema: c.foreignKey?.referencedSchema ?? '',
        table: c.foreignKey?.referencedTable ?? '',
        original: c,
      })),
  );
  const ownedSequences = groupByTable(
    objects.sequences
      .filter((s) => s.ownedBy !== null)
      .map((s) => ({ schema: s.ownedBy?.schema ?? '', table: s.ownedBy?.table ?? '', key: s.key })),
  );
  const children = groupByTable(
    objects.tables.flatMap((t) =>
      [...(t.partitionOf ? [t.partitionOf] : []), ...t.inherits].map((parent) => ({
        schema: parent.schema,
        table: parent.name,
        key: t.key,
      })),
    ),
  );
  const lookup = <T>(map: ByTable<T>, schema: string, table: string): readonly T[] =>
    map.get(objectKey('', schema, table)) ?? [];

  return {
    get: (key) => byKey.get(key),
    columnsOf: (schema, table) => lookup(columns, schema, table),
    constraintsOf: (schema, table) => lookup(constraints, schema, table),
    indexesOf: (schema, table) => lookup(indexes, schema, table),
    triggersOf: (schema, table) => lookup(triggers, schema, table),
    rulesOf: (schema, table) => lookup(rules, schema, table),
    policiesOf: (schema, table) => lookup(policies, schema, table),
    referencesTo: (schema, table) => lookup(references, schema, table).map((r) => r.original),
    dependentsOf: (schema, table) =>
      [
        ...[columns, constraints, indexes, triggers, rules, policies].flatMap((map) =>
          lookup<{ key: string }>(map, schema, table).map((o) => o.key),
        ),
        ...lookup(references, schema, table)
          .filter((r) => !(r.original.schema === schema && r.original.table === table))
          .map((r) => r.key),
        ...lookup(ownedSequences, schema, table).map((s) => s.key),
        ...lookup(children, schema, table).map((c) => c.key),
      ].sort(),
  };
}
