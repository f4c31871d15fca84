/**
 * The online strategy (`PlanOptions.online`): steps that keep tables readable and writable
 * while they run. A foreign key or check is added `NOT VALID` in the plan's transaction and
 * validated after it commits, in a transaction of its own (validation then holds only a SHARE
 * UPDATE EXCLUSIVE lock); a UNIQUE or PRIMARY KEY constraint is built from an index built
 * `CONCURRENTLY` (`ADD CONSTRAINT … USING INDEX`). Steps that run after the plan's transaction
 * are marked `transactional: false`.
 */
import { quoteIdent } from '@pum/core';
import { type Constraint, type Index, objectKey, type Table } from '@pum/introspect';
import type { MigrationStep } from './migration-plan.js';
import type { Draft, PlanContext, PlanSide } from './plan-context.js';

/** The index that implements `constraint` on the target side. */
function indexOf(constraint: Constraint, side: PlanSide): Index | undefined {
  const named = side.lookup(objectKey('index', constraint.schema, constraint.name))?.object as
    | Index
    | undefined;
  const fits = (i: Index) => i.table === constraint.table && i.constraint === constraint.name;
  if (named && fits(named)) return named;
  for (const object of side.objectsOf(['indexes'])) {
    const index = object as Index;
    if (index.schema === constraint.schema && fits(index)) return index;
  }
  return undefined;
}

/**
 * The online steps of a new UNIQUE or PRIMARY KEY constraint: its index built concurrently,
 * then the constraint made from it; `undefined` when that cannot be done (a partitioned table,
 * an index that is not a plain unique b-tree).
 */
export function uniqueFromIndex(
  constraint: Constraint,
  ctx: PlanContext,
  alter: string,
  after: string[],
): Draft[] | undefined {
  if (constraint.type !== 'unique' && constraint.type !== 'primary key') return undefined;
  const table = ctx.to.lookup(objectKey('table', constraint.schema, constraint.table))?.object as
    | Table
    | undefined;
  if (table?.kind !== 'ordinary') return undefined;
  const index = indexOf(constraint, ctx.to);
  if (
    index?.method !== 'btree' ||
    index.predicate !== null ||
    !/^CREATE UNIQUE INDEX /.test(index.definition)
  )
    return undefined;
  const kind = constraint.type === 'unique' ? 'UNIQUE' : 'PRIMARY KEY';
  const deferral = constraint.deferrable
    ? ` DEFERRABLE INITIALLY ${constraint.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}`
    : '';
  const name = quoteIdent(index.name);
  return [
    {
      sql: `${index.definition.replace(/^CREATE UNIQUE INDEX /, 'CREATE UNIQUE INDEX CONCURRENTLY ')};`,
      transactional: false,
      hazards: ['non-transactional'],
      after,
    },
    {
      sql: `${alter} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${kind} USING INDEX ${name}${deferral};`,
      transactional: false,
    },
  ];
}

/**
 * A foreign key that references a table whose UNIQUE or PRIMARY KEY constraint is built after
 * the plan's transaction cannot be added inside it: it goes after too, in the plan's order.
 */
export function deferForeignKeys(steps: MigrationStep[], to: PlanSide): void {
  const late = new Set<string>();
  for (const step of steps) {
    if (step.transactional || step.action !== 'create' || !step.object.startsWith('constraint:')) continue;
    const constraint = to.lookup(step.object)?.object as Constraint | undefined;
    if (constraint?.type === 'unique' || constraint?.type === 'primary key')
      late.add(objectKey('table', constraint.schema, constraint.table));
  }
  if (late.size === 0) return;
  for (const step of steps) {
    if (!step.transactional || !step.object.startsWith('constraint:')) continue;
    const fk = (to.lookup(step.object)?.object as Constraint | undefined)?.foreignKey;
    if (fk && late.has(objectKey('table', fk.referencedSchema, fk.referencedTable)))
      step.transactional = false;
  }
}
