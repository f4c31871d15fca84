/**
 * `diffSnapshots()`: compare two snapshots object by object and field by field. Pure: no
 * connection, no I/O — the inputs are snapshots, live or loaded from files.
 */
import { OBJECT_KINDS, type ObjectKind, type Snapshot, type SnapshotObject } from '@pum/introspect';
import { compareFields, jsonEqual } from './compare-fields.js';
import { isClonedForeignKey, withoutCreationArtefacts } from './creation-artefacts.js';
import { parseFieldName } from './field-names.js';
import { decidingRule, type IgnoreRule } from './ignore-rules.js';
import { parseKind } from './kinds.js';
import { lacksIndexPartitionOf } from './older-snapshots.js';
import { globPattern, likePattern } from './patterns.js';
import {
  type ChangedObject,
  DIFF_REPORT_FORMAT_VERSION,
  type DiffCounts,
  type DiffReport,
  type IgnoredCount,
  type KindDifferences,
  type ObjectDifference,
} from './report.js';

/** Options of {@link diffSnapshots}. Every option defaults to "compare everything". */
export interface DiffOptions {
  /** Kinds to leave out, in any spelling: PUM's nine names and every kind we model. */
  ignoreKinds?: readonly string[];
  /** Compare only objects in schemas matching one of these globs. */
  includeSchemas?: readonly string[];
  /** Leave out objects in schemas matching one of these globs (PUM's `-N`). */
  excludeSchemas?: readonly string[];
  /** Leave out columns whose name matches one of these SQL LIKE patterns (PUM's `-P`). */
  excludeFieldPatterns?: readonly string[];
  /** Ignore rules, object- and field-level (see {@link parseIgnoreRules}). */
  ignoreRules?: readonly IgnoreRule[];
  /**
   * Fields not to compare, `<kind>.<field>` as the report names them (`columns.position`,
   * `sequences.dataType`, `columns.identity.start`); the kind in any spelling.
   */
  ignoreFields?: readonly string[];
  /** Do not compare owners. */
  ignoreOwners?: boolean;
  /** Do not compare privileges, column privileges, default privileges or privileges changed on extension members. */
  ignorePrivileges?: boolean;
  /** Do not compare comments. */
  ignoreComments?: boolean;
  /** Do not compare extension versions. */
  ignoreExtensionVersions?: boolean;
  /** A label for the `from` side in reports. Default `from`. */
  fromLabel?: string;
  /** A label for the `to` side in reports. Default `to`. */
  toLabel?: string;
}

type Plain = Record<string, unknown>;

/** Remove the fields the options say not to compare, at any depth. */
function strip(value: unknown, fields: ReadonlySet<string>): unknown {
  if (fields.size === 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => strip(item, fields));
  const out: Plain = {};
  for (const [key, item] of Object.entries(value)) if (!fields.has(key)) out[key] = strip(item, fields);
  return out;
}

const nameOf = (key: string) => key.slice(key.indexOf(':') + 1);

/**
 * Compare two snapshots. Objects are matched by key; an object on one side only is added or
 * removed, an object on both sides with differing fields is changed, with each differing field
 * and its two values.
 *
 * Whatever `ignoreKinds`, `ignoreFields` and `ignoreRules` leave out is counted in the report's
 * `ignored`, by rule.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for an unknown kind in `ignoreKinds` or an
 * unknown kind or field in `ignoreFields`.
 * @example
 * ```ts
 * const report = diffSnapshots(await loadSnapshot('reference.json'), await introspect(client), {
 *   excludeSchemas: ['public'],
 *   ignoreKinds: ['views'],
 * });
 * if (!isEmptyDiff(report)) console.log(formatText(report));
 * ```
 */
export function diffSnapshots(from: Snapshot, to: Snapshot, options: DiffOptions = {}): DiffReport {
  const ignoredKinds = new Map<ObjectKind, string>();
  if (options.ignorePrivileges) {
    ignoredKinds.set('defaultPrivileges', '--ignore-privileges');
    ignoredKinds.set('extensionMemberPrivileges', '--ignore-privileges');
  }
  for (const name of options.ignoreKinds ?? []) ignoredKinds.set(parseKind(name), '--ignore');
  const strippedFields = new Set<string>();
  if (options.ignoreOwners) strippedFields.add('owner');
  if (options.ignorePrivileges) strippedFields.add('privileges');
  if (options.ignoreComments) strippedFields.add('comment');

  const include = (options.includeSchemas ?? []).map(globPattern);
  const exclude = (options.excludeSchemas ?? []).map(globPattern);
  const excludedColumns = (options.excludeFieldPatterns ?? []).map(likePattern);
  const rules: IgnoreRule[] = [
    ...(options.ignoreRules ?? []),
    ...(options.ignoreFields ?? []).map((text) => ({
      ...parseFieldName(text),
      pattern: '*',
      negate: false,
      source: '--ignore-field',
    })),
  ];
  const decide = decidingRule(rules);
  const objectRules = rules.some((rule) => rule.field === undefined);
  const fieldRules = rules.some((rule) => rule.field !== undefined);
  const ignoredCounts = new Map<string, IgnoredCount>();
  const countIgnored = (rule: string, source: string) => {
    const id = `${source}\u0000${rule}`;
    const entry = ignoredCounts.get(id);
    if (entry) entry.differences++;
    else ignoredCounts.set(id, { rule, source, differences: 1 });
  };
  const countRule = (rule: IgnoreRule) =>
    countIgnored(
      rule.field === undefined
        ? `${rule.kind} ${rule.pattern}`
        : `${rule.kind}.${rule.field}${rule.pattern === '*' ? '' : ` ${rule.pattern}`}`,
      rule.source ?? 'ignore rules',
    );

  // Without filters every object is compared, and the per-object test is skipped.
  const filtered = include.length > 0 || exclude.length > 0 || excludedColumns.length > 0;
  const compared = (kind: ObjectKind, object: SnapshotObject): boolean => {
    const schema = (object as { schema?: unknown }).schema;
    if (typeof schema === 'string') {
      if (include.length > 0 && !include.some((re) => re.test(schema))) return false;
      if (exclude.some((re) => re.test(schema))) return false;
    }
    if (kind === 'columns' && excludedColumns.some((re) => re.test((object as { name: string }).name)))
      return false;
    return true;
  };
  // A snapshot file written before indexes recorded their attachment: not compared.
  const partitionOfUnknown = lacksIndexPartitionOf(from) || lacksIndexPartitionOf(to);
  const normalise = (kind: ObjectKind, object: SnapshotObject): Plain => {
    const plain = withoutCreationArtefacts(kind, strip(object, strippedFields) as Plain);
    // A copy without the field: `plain` may be the snapshot's own object.
    const left =
      kind === 'extensions' && options.ignoreExtensionVersions
        ? 'version'
        : kind === 'indexes' && partitionOfUnknown
          ? 'partitionOf'
          : undefined;
    if (left === undefined || !(left in plain)) return plain;
    const { [left]: _ignored, ...rest } = plain;
    return rest;
  };

  const differences: KindDifferences[] = [];
  const kinds: Partial<Record<ObjectKind, DiffCounts>> = {};
  const total: DiffCounts = { added: 0, removed: 0, changed: 0 };
  for (const kind of OBJECT_KINDS) {
    const keep = (list: readonly SnapshotObject[]) => {
      const made = kind === 'constraints' ? list.filter((object) => !isClonedForeignKey(kind, object)) : list;
      return filtered ? made.filter((object) => compared(kind, object)) : made;
    };
    const kindSource = ignoredKinds.get(kind);
    if (kindSource !== undefined) {
      // Not reported, but counted: the report says how much `--ignore` left out.
      const countKind = () => countIgnored(kind, kindSource);
      matchByKey(keep(from.objects[kind]), keep(to.objects[kind]), {
        added: countKind,
        removed: countKind,
        both: (previous, object) => {
          if (!jsonEqual(normalise(kind, previous), normalise(kind, object))) countKind();
        },
      });
      continue;
    }
    const added: ObjectDifference[] = [];
    const changed: ChangedObject[] = [];
    const removed: ObjectDifference[] = [];
    /** The object rule that leaves the object out, counted when it differs. */
    const ruleFor = (object: SnapshotObject) => (objectRules ? decide(kind, nameOf(object.key)) : undefined);
    const oneSide = (list: ObjectDifference[]) => (object: SnapshotObject) => {
      const rule = ruleFor(object);
      if (rule) countRule(rule);
      else list.push({ key: object.key, name: nameOf(object.key), object });
    };
    matchByKey(keep(from.objects[kind]), keep(to.objects[kind]), {
      added: oneSide(added),
      removed: oneSide(removed),
      both: (previous, object) => {
        const a = normalise(kind, previous);
        const b = normalise(kind, object);
        if (jsonEqual(a, b)) return;
        const rule = ruleFor(object);
        if (rule) {
          countRule(rule);
          return;
        }
        const name = nameOf(object.key);
        let changes = compareFields(a, b);
        if (fieldRules) {
          changes = changes.filter((change) => {
            const fieldRule = decide(kind, name, change.field);
            if (fieldRule) countRule(fieldRule);
            return fieldRule === undefined;
          });
        }
        if (changes.length > 0) changed.push({ key: object.key, name, changes });
      },
    });
    if (added.length + removed.length + changed.length === 0) continue;
    const byKey = (x: { key: string }, y: { key: string }) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
    differences.push({
      kind,
      added: added.sort(byKey),
      removed: removed.sort(byKey),
      changed: changed.sort(byKey),
    });
    kinds[kind] = { added: added.length, removed: removed.length, changed: changed.length };
    total.added += added.length;
    total.removed += removed.length;
    total.changed += changed.length;
  }

  return {
    format: 'pum-diff-report',
    formatVersion: DIFF_REPORT_FORMAT_VERSION,
    from: {
      label: options.fromLabel ?? 'from',
      serverMajor: from.server.major,
      postgis: from.server.postgis,
    },
    to: { label: options.toLabel ?? 'to', serverMajor: to.server.major, postgis: to.server.postgis },
    summary: { ...total, kinds },
    differences,
    data: [],
    ignoredKinds: OBJECT_KINDS.filter((kind) => ignoredKinds.has(kind)),
    ignored: [...ignoredCounts.values()],
    equivalent: [],
    warnings: warningsFor(from, to),
  };
}

/** What {@link matchByKey} calls for each object: on one side only, or on both. */
interface MatchHandlers {
  added(object: SnapshotObject): void;
  removed(object: SnapshotObject): void;
  both(from: SnapshotObject, to: SnapshotObject): void;
}

/** Whether the keys of `list` strictly increase (sorted, no duplicates), by code unit. */
function strictlyIncreasing(list: readonly SnapshotObject[]): boolean {
  for (let i = 1; i < list.length; i++) {
    if (!((list[i - 1] as SnapshotObject).key < (list[i] as SnapshotObject).key)) return false;
  }
  return true;
}

/**
 * Pair the objects of two lists by key. Snapshots keep every list sorted by key, so the lists
 * are walked side by side; lists that are not (hand-edited files) are matched through a map,
 * where the last object of a key on the `from` side wins.
 */
function matchByKey(from: readonly SnapshotObject[], to: readonly SnapshotObject[], on: MatchHandlers): void {
  if (strictlyIncreasing(from) && strictlyIncreasing(to)) {
    let i = 0;
    let j = 0;
    while (i < from.length && j < to.length) {
      const a = from[i] as SnapshotObject;
      const b = to[j] as SnapshotObject;
      if (a.key === b.key) {
        on.both(a, b);
        i++;
        j++;
      } else if (a.key < b.key) {
        on.removed(a);
        i++;
      } else {
        on.added(b);
        j++;
      }
    }
    for (; i < from.length; i++) on.removed(from[i] as SnapshotObject);
    for (; j < to.length; j++) on.added(to[j] as SnapshotObject);
    return;
  }
  const before = new Map<string, SnapshotObject>();
  for (const object of from) before.set(object.key, object);
  const seen = new Set<string>();
  for (const object of to) {
    seen.add(object.key);
    const previous = before.get(object.key);
    if (previous === undefined) on.added(object);
    else on.both(previous, object);
  }
  for (const [key, object] of before) if (!seen.has(key)) on.removed(object);
}

function warningsFor(from: Snapshot, to: Snapshot): string[] {
  const warnings: string[] = [];
  if (from.server.major !== to.server.major) {
    warnings.push(
      `the sides run different PostgreSQL majors (${from.server.major} and ${to.server.major}): server-side text such as view definitions may be spelled differently`,
    );
  }
  if (!jsonEqual(from.filter, to.filter)) {
    warnings.push(
      'the snapshots were taken with different schema filters: objects outside either filter may show as added or removed',
    );
  }
  return warnings;
}
