/**
 * `planMigration()`: the SQL that turns the schema of `from` into the schema of `to`, in an
 * order the server accepts. Pure: it reads two snapshots and their recorded dependencies.
 *
 * Steps come in two phases. The drop phase removes what goes away and what must be created
 * again (dependents of a changed object first, in reverse dependency order); the create phase
 * creates, alters and re-creates (what is used first). Within each phase, recorded dependencies
 * and structure (a column needs its table, a foreign key the referenced table) decide the
 * order, and kind order breaks ties.
 */
import { quoteIdent } from '@pum/core';
import type {
  Column,
  Constraint,
  Index,
  ObjectKind,
  Sequence,
  Snapshot,
  SnapshotObject,
  Table,
} from '@pum/introspect';
import { OBJECT_KINDS, objectKey } from '@pum/introspect';
import { diffSnapshots } from '../diff-snapshots.js';
import { isPostgisExtension } from './kinds/schemas.js';
import type {
  MigrationPlan,
  MigrationStep,
  PlanOptions,
  StepAction,
  UnsupportedChange,
  WithheldStep,
} from './migration-plan.js';
import { decorationStatements } from './object-statements.js';
import { type Draft, type PlanContext, REPLACE } from './plan-context.js';
import { type IndexedSide, indexSide } from './plan-side.js';
import { tableOf } from './sql-names.js';
import { createRank, dropRank, INVALIDATED_BY_RESHAPE, RECREATABLE, STATEMENTS } from './statements.js';
import { StepOrder } from './step-order.js';

const DECORATIONS = new Set(['owner', 'comment', 'privileges']);
const RELATION_KINDS = new Set<ObjectKind>(['tables', 'views', 'materializedViews']);

type Entry = { kind: ObjectKind; object: SnapshotObject };

/**
 * Plan the migration from `from` to `to`.
 *
 * Destructive steps (drops of tables, columns, types and extensions; type changes that can
 * lose data) are withheld unless `allowDestructive`; `postgis*` extensions are never dropped.
 * The plan says whether it is complete: nothing withheld, nothing unsupported.
 *
 * @example
 * ```ts
 * const plan = planMigration(await introspect(production), await introspect(development));
 * console.log(formatPlanSql(plan));
 * ```
 */
export function planMigration(from: Snapshot, to: Snapshot, options: PlanOptions = {}): MigrationPlan {
  const report = diffSnapshots(from, to, {
    includeSchemas: options.includeSchemas ?? [],
    excludeSchemas: options.excludeSchemas ?? [],
    ignoreOwners: options.ignoreOwners ?? false,
    ignorePrivileges: options.ignorePrivileges ?? false,
    ignoreComments: options.ignoreComments ?? false,
  });
  const before = indexSide(from);
  const after = indexSide(to);
  const reshaped = new Set<string>();
  const ctx: PlanContext = { from: before, to: after, options, reshaped: (key) => reshaped.add(key) };
  const unsupported: UnsupportedChange[] = [];

  // Pass 1: what each difference needs.
  const added = new Map<string, ObjectKind>();
  const removed = new Map<string, ObjectKind>();
  const replaced = new Map<string, ObjectKind>();
  const altered: { kind: ObjectKind; key: string; drafts: Draft[]; fields: Set<string> }[] = [];
  const changedFields = new Map<string, Set<string>>();
  for (const difference of report.differences) {
    const { kind } = difference;
    const statements = STATEMENTS[kind];
    if (statements === undefined) {
      for (const o of [...difference.added, ...difference.removed, ...difference.changed]) {
        unsupported.push({ object: o.key, message: `pum does not plan changes of ${kind} yet` });
      }
      continue;
    }
    for (const o of difference.added) added.set(o.key, kind);
    for (const o of difference.removed) removed.set(o.key, kind);
    for (const change of difference.changed) {
      const fields = new Set(change.changes.map((c) => c.field.split('.')[0] ?? c.field));
      changedFields.set(change.key, fields);
      const structural = new Set(
        [...fields].filter((f) => kind === 'defaultPrivileges' || !DECORATIONS.has(f)),
      );
      if (isViewColumn(kind, change.key, after)) {
        altered.push({
          kind,
          key: change.key,
          drafts: viewColumnDefault(objectOf(after, change.key) as Column, structural),
          fields,
        });
        continue;
      }
      if (structural.size === 0) {
        altered.push({ kind, key: change.key, drafts: [], fields });
        continue;
      }
      const result = statements.alter(
        objectOf(before, change.key),
        objectOf(after, change.key),
        structural,
        ctx,
      );
      if (result === REPLACE) replaced.set(change.key, kind);
      else altered.push({ kind, key: change.key, drafts: result, fields });
    }
  }

  // Pass 2: what must be dropped and created again because something it uses changes.
  const replacedDefaults = new Set<string>();
  const recreatedFor = new Map<string, string>();
  const blocked = new Set<string>();
  const work = [...replaced.keys(), ...removed.keys(), ...reshaped];
  const seen = new Set<string>();
  while (work.length > 0) {
    const key = work.pop() as string;
    if (seen.has(key)) continue;
    seen.add(key);
    const onlyReshaped = reshaped.has(key) && !replaced.has(key) && !removed.has(key);
    for (const dependent of dependentsWithChildren(before, key)) {
      if (replaced.has(dependent) || removed.has(dependent)) continue;
      if (dependent.startsWith('default:')) {
        const column = after.lookup(`column:${dependent.slice('default:'.length)}`);
        if (column !== undefined && !onlyReshaped) replacedDefaults.add(dependent);
        continue;
      }
      const entry = after.lookup(dependent);
      if (entry === undefined) continue;
      if (onlyReshaped && !INVALIDATED_BY_RESHAPE.has(entry.kind)) continue;
      if (!RECREATABLE.has(entry.kind)) {
        if (!removed.has(key)) {
          // Dropping `key` would take `dependent` (a column, a table) with it: leave both alone.
          if (replaced.has(key)) blocked.add(key);
          unsupported.push({
            object: key,
            message: `${dependent} uses it: changing it means dropping ${dependent}, which pum leaves to a person`,
          });
        }
        continue;
      }
      replaced.set(dependent, entry.kind);
      recreatedFor.set(dependent, key);
      work.push(dependent);
    }
  }
  for (const key of blocked) replaced.delete(key);
  for (const [key, kind] of [...replaced]) {
    if (!RELATION_KINDS.has(kind)) continue;
    // Indexes, triggers and rules go with a view or materialized view that is dropped.
    const { schema, name } = objectOf(after, key) as { schema: string; name: string };
    for (const child of before.childrenOf(schema, name)) {
      const entry = after.lookup(child);
      if (entry !== undefined && ['indexes', 'triggers', 'rules', 'policies'].includes(entry.kind))
        replaced.set(child, entry.kind);
    }
  }

  // Pass 3: steps.
  const drops = new StepOrder<MigrationStep>();
  const creates = new StepOrder<MigrationStep>();
  const step = (key: string, action: StepAction, draft: Draft, reason?: string): MigrationStep => {
    const out: MigrationStep = {
      sql: draft.sql,
      object: key,
      action: draft.action ?? action,
      transactional: draft.transactional ?? true,
      hazards: draft.hazards ?? [],
    };
    const why = draft.reason ?? reason;
    if (why !== undefined) out.reason = why;
    return out;
  };
  const addDrop = (kind: ObjectKind, key: string, drafts: Draft[], reason?: string) => {
    drops.add(
      key,
      dropRank(kind, isForeignKey(before.lookup(key)?.object)),
      drafts.map((d) => step(key, 'drop', d, reason)),
    );
  };
  const addCreate = (kind: ObjectKind, key: string, drafts: Draft[], action: StepAction, reason?: string) => {
    const rank = createRank(kind, isForeignKey(after.lookup(key)?.object));
    for (const draft of drafts) {
      const node = draft.node ?? key;
      creates.add(node, rank + (draft.node ? 1 : 0), [step(key, action, draft, reason)], draft.after ?? []);
    }
    if (drafts.length === 0) creates.add(key, rank, []);
  };
  // Default privileges are privileges through and through: their builder does them.
  const decorate = (kind: ObjectKind, key: string, previous: SnapshotObject | undefined) =>
    kind === 'defaultPrivileges'
      ? []
      : decorationStatements(kind, objectOf(after, key), previous, options).map((sql) => ({ sql }));

  const droppedRelation = (side: IndexedSide, key: string, kinds: ReadonlyMap<string, ObjectKind>) => {
    const parent = parentKey(side, key);
    return parent !== undefined && kinds.has(parent);
  };
  for (const [key, kind] of removed) {
    // Children of a dropped relation go with it; a view's columns are not objects of their own.
    if (isViewColumn(kind, key, before)) continue;
    // A foreign key to another dropped table is dropped first: the two tables may reference each other.
    if (droppedRelation(before, key, removed) && !referencesOtherTable(objectOf(before, key))) continue;
    if (kind === 'sequences' && ownerIsDropped(objectOf(before, key) as Sequence, removed)) continue;
    addDrop(kind, key, STATEMENTS[kind]?.drop(objectOf(before, key), ctx) ?? []);
  }
  for (const [key, kind] of replaced) {
    const cause = recreatedFor.get(key);
    const reason = cause === undefined ? undefined : `recreated: it uses ${cause}, which changes`;
    addDrop(kind, key, STATEMENTS[kind]?.drop(objectOf(before, key), ctx) ?? [], reason);
    addCreate(
      kind,
      key,
      [...(STATEMENTS[kind]?.create(objectOf(after, key), ctx) ?? []), ...decorate(kind, key, undefined)],
      'create',
      reason,
    );
    if (RELATION_KINDS.has(kind)) addColumnDecorations(key);
  }
  for (const key of replacedDefaults) {
    const column = objectOf(after, `column:${key.slice('default:'.length)}`) as Column;
    const alter = `ALTER TABLE ${tableOf(column)} ALTER COLUMN ${quoteIdent(column.name)}`;
    const reason = 'recreated: the default uses an object that changes';
    drops.add(key, dropRank('columns'), [
      step(column.key, 'alter', { sql: `${alter} DROP DEFAULT;` }, reason),
    ]);
    if (column.default !== null && !changedFields.get(column.key)?.has('default')) {
      addCreate(
        'columns',
        key,
        [{ sql: `${alter} SET DEFAULT ${column.default};`, action: 'alter' }],
        'alter',
        reason,
      );
    }
  }
  for (const [key, kind] of added) {
    if (
      kind === 'columns' &&
      (droppedRelation(after, key, added) ||
        droppedRelation(after, key, replaced) ||
        isViewColumn(kind, key, after))
    ) {
      addCreate(kind, key, decorate(kind, key, undefined), 'create');
      continue;
    }
    addCreate(
      kind,
      key,
      [...(STATEMENTS[kind]?.create(objectOf(after, key), ctx) ?? []), ...decorate(kind, key, undefined)],
      'create',
    );
    if (RELATION_KINDS.has(kind)) addColumnDecorations(key);
  }
  for (const { kind, key, drafts, fields } of altered) {
    if (replaced.has(key)) continue;
    const column = kind === 'columns' ? parentKey(after, key) : undefined;
    if (column !== undefined && replaced.has(column)) continue;
    const previous = objectOf(before, key);
    const decorations = [...fields].some((f) => DECORATIONS.has(f)) ? decorate(kind, key, previous) : [];
    addCreate(kind, key, [...drafts, ...decorations], 'alter');
  }

  function addColumnDecorations(relationKey: string): void {
    const { schema, name } = objectOf(after, relationKey) as { schema: string; name: string };
    for (const column of after.columnsOf(schema, name)) {
      if (added.has(column.key)) continue;
      const drafts = decorate('columns', column.key, undefined);
      if (drafts.length > 0)
        creates.add(
          column.key,
          createRank('columns'),
          drafts.map((d) => step(column.key, 'create', d)),
          [relationKey],
        );
    }
  }

  orderDrops(drops, before, removed);
  orderCreates(creates, after);

  const ordered = [...drops.sorted(), ...creates.sorted()];
  const steps: MigrationStep[] = [];
  const withheld: WithheldStep[] = [];
  for (const s of ordered) {
    if (
      s.action === 'drop' &&
      s.object.startsWith('extension:') &&
      isPostgisExtension(s.object.slice('extension:'.length))
    ) {
      withheld.push({ ...s, withheld: 'never' });
    } else if (s.hazards.includes('data-loss') && !options.allowDestructive) {
      withheld.push({ ...s, withheld: 'destructive' });
    } else {
      steps.push(s);
    }
  }
  if (steps.some((s) => s.object.startsWith('function:') && s.action === 'create')) {
    steps.unshift({
      sql: 'SET LOCAL check_function_bodies = false;',
      object: 'plan',
      action: 'alter',
      transactional: true,
      hazards: [],
      reason: 'function bodies are checked when the plan has run, as pg_dump does',
    });
  }
  const manual = steps.some((s) => s.hazards.includes('manual'));
  return {
    steps,
    withheld,
    unsupported,
    complete: withheld.length === 0 && unsupported.length === 0 && !manual,
  };
}

/** The object of `key` on `side` (it is there: keys come from the diff of the two sides). */
function objectOf(side: IndexedSide, key: string): SnapshotObject {
  const entry = side.lookup(key) as Entry | undefined;
  if (entry === undefined) throw new Error(`planMigration: no object ${key}`);
  return entry.object;
}

/** A sequence owned by a column that is dropped goes with it. */
function ownerIsDropped(sequence: Sequence, removed: ReadonlyMap<string, ObjectKind>): boolean {
  const owner = sequence.ownedBy;
  return owner !== null && removed.has(objectKey('column', owner.schema, owner.table, owner.column));
}

function referencesOtherTable(object: SnapshotObject): boolean {
  const fk = (object as Partial<Constraint>).foreignKey;
  const c = object as Constraint;
  return fk != null && (fk.referencedSchema !== c.schema || fk.referencedTable !== c.table);
}

function isForeignKey(object: SnapshotObject | undefined): boolean {
  return (object as Partial<Constraint> | undefined)?.type === 'foreign key';
}

/** The default of a view column, the one attribute of its own a view column has. */
function viewColumnDefault(column: Column, fields: ReadonlySet<string>): Draft[] {
  if (!fields.has('default')) return [];
  const alter = `ALTER VIEW ${tableOf(column)} ALTER COLUMN ${quoteIdent(column.name)}`;
  return [
    { sql: column.default === null ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${column.default};` },
  ];
}

/** A column of a view or materialized view: it follows the view's query. */
function isViewColumn(kind: ObjectKind, key: string, side: IndexedSide): boolean {
  if (kind !== 'columns') return false;
  const parent = parentKey(side, key);
  return parent !== undefined && !parent.startsWith('table:');
}

/** The relation a column, constraint, index, trigger, policy or rule belongs to. */
function parentKey(side: IndexedSide, key: string): string | undefined {
  const object = side.lookup(key)?.object as { schema?: string; table?: string } | undefined;
  if (object?.table === undefined || object.schema === undefined) return undefined;
  for (const kind of ['table', 'view', 'materialized_view']) {
    const parent = objectKey(kind, object.schema, object.table);
    if (side.has(parent)) return parent;
  }
  return undefined;
}

/** What uses `key` or one of its children (a table's columns, a constraint's index). */
function dependentsWithChildren(side: IndexedSide, key: string): string[] {
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

/** Drop edges: an object goes after what uses it (its dependents and children). */
function orderDrops(
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
function orderCreates(creates: StepOrder<MigrationStep>, side: IndexedSide): void {
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
