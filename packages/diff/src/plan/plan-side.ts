/**
 * One snapshot, ready for planning without indexing all of it: a snapshot's collections are
 * sorted by key (re-sorted here if a hand-made one is not), so an object, the columns or
 * children of a relation, and what an object uses are found by binary search. Only "what uses
 * this object" needs a map, built on first use.
 */
import type { Column, Dependency, Index, ObjectKind, Snapshot, SnapshotObject } from '@pum/introspect';
import { objectKey } from '@pum/introspect';
import { derivedDependencies } from './derived-dependencies.js';
import type { PlanSide } from './plan-context.js';

/** The kind of each key prefix (`materialized_view:` → `materializedViews`). */
const KIND_OF_PREFIX: Readonly<Record<string, ObjectKind>> = {
  schema: 'schemas',
  extension: 'extensions',
  table: 'tables',
  column: 'columns',
  constraint: 'constraints',
  index: 'indexes',
  view: 'views',
  materialized_view: 'materializedViews',
  sequence: 'sequences',
  function: 'functions',
  trigger: 'triggers',
  event_trigger: 'eventTriggers',
  rule: 'rules',
  type: 'types',
  collation: 'collations',
  policy: 'policies',
  default_privilege: 'defaultPrivileges',
  publication: 'publications',
  foreign_data_wrapper: 'foreignDataWrappers',
  foreign_server: 'foreignServers',
  user_mapping: 'userMappings',
  extension_member_privilege: 'extensionMemberPrivileges',
};

/** Key prefixes of the kinds that hang off a relation and are keyed by it. */
const CHILD_PREFIXES = ['column', 'constraint', 'trigger', 'policy', 'rule'] as const;

/** A {@link PlanSide} that also lists the children of each relation. */
export interface IndexedSide extends PlanSide {
  /** Keys of the columns, constraints, indexes, triggers, policies and rules of a relation. */
  childrenOf(schema: string, relation: string): readonly string[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `list` if sorted by `keyOf`, else a sorted copy. */
function sortedBy<T>(list: readonly T[], keyOf: (item: T) => string): readonly T[] {
  for (let i = 1; i < list.length; i++) {
    if (keyOf(list[i - 1] as T) > keyOf(list[i] as T))
      return [...list].sort((a, b) => byText(keyOf(a), keyOf(b)));
  }
  return list;
}

/** The first index of `list` whose key is not below `key`. */
function lowerBound<T>(list: readonly T[], keyOf: (item: T) => string, key: string): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keyOf(list[mid] as T) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The items whose key starts with `prefix` (they are contiguous in key order). */
function withPrefix<T>(list: readonly T[], keyOf: (item: T) => string, prefix: string): T[] {
  const out: T[] = [];
  for (
    let i = lowerBound(list, keyOf, prefix);
    i < list.length && keyOf(list[i] as T).startsWith(prefix);
    i++
  ) {
    out.push(list[i] as T);
  }
  return out;
}

const keyOfObject = (o: SnapshotObject) => o.key;
const fromOf = (d: Dependency) => d.from;

/** Prepare `snapshot` for planning. */
export function indexSide(snapshot: Snapshot): IndexedSide {
  const lists = new Map<ObjectKind, readonly SnapshotObject[]>();
  const listOf = (kind: ObjectKind) => {
    let list = lists.get(kind);
    if (list === undefined) {
      list = sortedBy(snapshot.objects[kind] as SnapshotObject[], keyOfObject);
      lists.set(kind, list);
    }
    return list;
  };
  const lookup = (key: string) => {
    const kind = KIND_OF_PREFIX[key.slice(0, key.indexOf(':'))];
    if (kind === undefined) return undefined;
    const list = listOf(kind);
    const object = list[lowerBound(list, keyOfObject, key)];
    return object?.key === key ? { kind, object } : undefined;
  };
  let indexesByTable: Map<string, string[]> | undefined;
  const indexesOf = (schema: string, relation: string) => {
    if (indexesByTable === undefined) {
      indexesByTable = new Map();
      for (const index of snapshot.objects.indexes as Index[]) {
        const id = objectKey('table', index.schema, index.table);
        const list = indexesByTable.get(id);
        if (list) list.push(index.key);
        else indexesByTable.set(id, [index.key]);
      }
    }
    return indexesByTable.get(objectKey('table', schema, relation)) ?? [];
  };
  // Recorded and derived (a composite attribute's type, a domain check's function…) alike, once each.
  const dependencies = [...snapshot.dependencies, ...derivedDependencies(snapshot)]
    .sort((a, b) => byText(a.from, b.from) || byText(a.to, b.to))
    .filter((d, i, all) => i === 0 || d.from !== all[i - 1]?.from || d.to !== all[i - 1]?.to);
  let dependents: Map<string, string[]> | undefined;
  const dependentsOf = (key: string) => {
    if (dependents === undefined) {
      dependents = new Map();
      for (const { from, to } of dependencies) {
        const list = dependents.get(to);
        if (list) list.push(from);
        else dependents.set(to, [from]);
      }
    }
    return dependents.get(key) ?? [];
  };
  const columnsOf = (schema: string, relation: string) =>
    (
      withPrefix(listOf('columns'), keyOfObject, `${objectKey('column', schema, relation)}.`) as Column[]
    ).sort((a, b) => a.position - b.position);
  return {
    snapshot,
    lookup,
    has: (key) => lookup(key) !== undefined,
    columnsOf,
    childrenOf: (schema, relation) => [
      ...CHILD_PREFIXES.flatMap((prefix) =>
        withPrefix(
          listOf(KIND_OF_PREFIX[prefix] as ObjectKind),
          keyOfObject,
          `${objectKey(prefix, schema, relation)}.`,
        ).map(keyOfObject),
      ),
      ...indexesOf(schema, relation),
    ],
    dependentsOf,
    dependenciesOf: (key) => {
      const out: string[] = [];
      for (
        let i = lowerBound(dependencies, fromOf, key);
        i < dependencies.length && dependencies[i]?.from === key;
        i++
      ) {
        out.push((dependencies[i] as Dependency).to);
      }
      return out;
    },
    objectsOf: function* (kinds: readonly ObjectKind[]) {
      for (const kind of kinds) yield* listOf(kind);
    },
  };
}
