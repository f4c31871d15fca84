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
import type { Column, Constraint, ObjectKind, Sequence, Snapshot, SnapshotObject } from '@pum/introspect';
import { objectKey } from '@pum/introspect';
import { diffSnapshots } from '../diff-snapshots.js';
import { columnOrder } from './column-order.js';
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
import { deferForeignKeys } from './online.js';
import { dropsAfterDetach, remadeParents } from './partitions.js';
import { type Draft, type PlanContext, REPLACE } from './plan-context.js';
import { type IndexedSide, indexSide } from './plan-side.js';
import { findRecreations } from './recreate-dependents.js';
import { isViewColumn, objectOf, parentKey, RELATION_KINDS } from './side-structure.js';
import { tableOf } from './sql-names.js';
import { createRank, dropRank, PRIVILEGE_KINDS, STATEMENTS } from './statements.js';
import { lateDrops, orderCreates, orderDrops } from './step-edges.js';
import { StepOrder } from './step-order.js';

const DECORATIONS = new Set(['owner', 'comment', 'privileges']);

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
  const rebuilt = new Map<string, ReadonlySet<string>>();
  const ctx: PlanContext = {
    from: before,
    to: after,
    options,
    reshaped: (key) => reshaped.add(key),
    rebuilt: (key, columns) => rebuilt.set(key, new Set(columns)),
  };
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
      const structural = new Set([...fields].filter((f) => PRIVILEGE_KINDS.has(kind) || !DECORATIONS.has(f)));
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

  // An attached index that stops being attached goes only with its parent: that is made again.
  for (const key of remadeParents(ctx)) if (!removed.has(key)) replaced.set(key, 'indexes');

  // Pass 2: what must be dropped and created again because something it uses changes.
  const { replacedDefaults, recreatedFor } = findRecreations(
    before,
    after,
    replaced,
    removed,
    reshaped,
    unsupported,
    rebuilt,
  );

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
  // Default privileges and extension members' privileges: their builder does them.
  const decorate = (kind: ObjectKind, key: string, previous: SnapshotObject | undefined) =>
    PRIVILEGE_KINDS.has(kind)
      ? []
      : decorationStatements(kind, objectOf(after, key), previous, options, to).map((sql) => ({ sql }));

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

  // Columns added to a table in the target's order; an order the plan cannot reach is manual.
  const order = columnOrder(before, after, {
    added,
    removed,
    replaced,
    moved: [...changedFields].filter(([, fields]) => fields.has('position')).map(([key]) => key),
  });
  for (const [column, previous] of order.chains) creates.addEdge(column, previous);
  for (const [table, sql] of order.unreached) {
    creates.add(`${table}#column-order`, createRank('columns'), [
      step(table, 'alter', { sql, hazards: ['manual'] }),
    ]);
  }

  orderDrops(drops, before, removed);
  orderCreates(creates, after);
  // What a staying object stops using goes after the create phase has changed that object.
  const late = drops.split([
    ...lateDrops(drops, before, after, removed, replaced),
    ...dropsAfterDetach(removed.keys(), ctx),
  ]);

  const ordered = [...drops.sorted(), ...creates.sorted(), ...late.sorted()];
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
  if (steps.some((s) => s.object.startsWith('function:') && /^\s*CREATE\b/i.test(s.sql))) {
    // Session level, not SET LOCAL: the text must work the same with `psql -f` (no transaction,
    // where SET LOCAL does nothing), `psql -1` and pum's own transaction; RESET at the end.
    steps.unshift({
      sql: 'SET check_function_bodies = false;',
      object: 'plan',
      action: 'alter',
      transactional: true,
      hazards: [],
      reason: 'function bodies are checked when the plan has run, as pg_dump does',
    });
    steps.push({
      sql: 'RESET check_function_bodies;',
      object: 'plan',
      action: 'alter',
      transactional: true,
      hazards: [],
    });
  }
  if (options.online) deferForeignKeys(steps, after);
  const manual = steps.some((s) => s.hazards.includes('manual'));
  return {
    steps,
    withheld,
    unsupported,
    complete: withheld.length === 0 && unsupported.length === 0 && !manual,
  };
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
