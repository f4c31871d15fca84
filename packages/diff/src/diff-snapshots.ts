/**
 * `diffSnapshots()`: compare two snapshots object by object and field by field. Pure: no
 * connection, no I/O — the inputs are snapshots, live or loaded from files.
 */
import { OBJECT_KINDS, type ObjectKind, type Snapshot, type SnapshotObject } from '@pum/introspect';
import { compareFields, jsonEqual } from './compare-fields.js';
import { compileIgnoreRules, type IgnoreRule } from './ignore-rules.js';
import { parseKind } from './kinds.js';
import { globPattern, likePattern } from './patterns.js';
import {
  type ChangedObject,
  DIFF_REPORT_FORMAT_VERSION,
  type DiffCounts,
  type DiffReport,
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
  /** Object-level ignore rules (see {@link parseIgnoreRules}). */
  ignoreRules?: readonly IgnoreRule[];
  /** Do not compare owners. */
  ignoreOwners?: boolean;
  /** Do not compare privileges, column privileges or default privileges. */
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
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for an unknown kind in `ignoreKinds`.
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
  const ignoredKinds = new Set<ObjectKind>((options.ignoreKinds ?? []).map(parseKind));
  if (options.ignorePrivileges) ignoredKinds.add('defaultPrivileges');
  const strippedFields = new Set<string>();
  if (options.ignoreOwners) strippedFields.add('owner');
  if (options.ignorePrivileges) strippedFields.add('privileges');
  if (options.ignoreComments) strippedFields.add('comment');

  const include = (options.includeSchemas ?? []).map(globPattern);
  const exclude = (options.excludeSchemas ?? []).map(globPattern);
  const excludedColumns = (options.excludeFieldPatterns ?? []).map(likePattern);
  const ignored = compileIgnoreRules(options.ignoreRules ?? []);

  const compared = (kind: ObjectKind, object: SnapshotObject): boolean => {
    const schema = (object as { schema?: unknown }).schema;
    if (typeof schema === 'string') {
      if (include.length > 0 && !include.some((re) => re.test(schema))) return false;
      if (exclude.some((re) => re.test(schema))) return false;
    }
    if (kind === 'columns' && excludedColumns.some((re) => re.test((object as { name: string }).name)))
      return false;
    return !ignored(kind, nameOf(object.key));
  };
  const normalise = (kind: ObjectKind, object: SnapshotObject): Plain => {
    const plain = strip(object, strippedFields) as Plain;
    if (kind === 'extensions' && options.ignoreExtensionVersions) delete plain.version;
    return plain;
  };

  const differences: KindDifferences[] = [];
  const kinds: Partial<Record<ObjectKind, DiffCounts>> = {};
  const total: DiffCounts = { added: 0, removed: 0, changed: 0 };
  for (const kind of OBJECT_KINDS) {
    if (ignoredKinds.has(kind)) continue;
    const before = new Map<string, SnapshotObject>();
    for (const object of from.objects[kind]) if (compared(kind, object)) before.set(object.key, object);
    const added: ObjectDifference[] = [];
    const changed: ChangedObject[] = [];
    const seen = new Set<string>();
    for (const object of to.objects[kind]) {
      if (!compared(kind, object)) continue;
      seen.add(object.key);
      const previous = before.get(object.key);
      if (previous === undefined) {
        added.push({ key: object.key, name: nameOf(object.key), object });
        continue;
      }
      const a = normalise(kind, previous);
      const b = normalise(kind, object);
      if (!jsonEqual(a, b))
        changed.push({ key: object.key, name: nameOf(object.key), changes: compareFields(a, b) });
    }
    const removed: ObjectDifference[] = [];
    for (const [key, object] of before) if (!seen.has(key)) removed.push({ key, name: nameOf(key), object });
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
    warnings: warningsFor(from, to),
  };
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
