/**
 * What every kind's statement builder sees: both snapshots indexed by key, the columns of each
 * relation in order, and the plan's options.
 */
import type { Column, ObjectKind, Snapshot, SnapshotObject } from '@pum/introspect';
import type { Hazard, PlanOptions, StepAction } from './migration-plan.js';

/** One side of the plan, indexed. */
export interface PlanSide {
  readonly snapshot: Snapshot;
  /** The object of `key`, with its kind. */
  lookup(key: string): { kind: ObjectKind; object: SnapshotObject } | undefined;
  /** Whether an object of `key` exists. */
  has(key: string): boolean;
  /** Every object of the given kinds. */
  objectsOf(kinds: readonly ObjectKind[]): Iterable<SnapshotObject>;
  /** The columns of a table, view or materialized view (by the relation's `schema.name` key part), in position order. */
  columnsOf(schema: string, relation: string): Column[];
  /** Keys of the objects that use `key` (from the snapshot's dependencies). */
  dependentsOf(key: string): readonly string[];
  /** Keys of the objects `key` uses. */
  dependenciesOf(key: string): readonly string[];
}

/** A statement a kind's builder proposes; the planner turns it into a step. */
export interface Draft {
  sql: string;
  hazards?: Hazard[];
  /** Default true. */
  transactional?: boolean;
  /** Default: the action of the phase (`drop` when dropping, else `create` or `alter`). */
  action?: StepAction;
  /** The key the step is ordered under, when not the object's own (`sequence:s.q#owned-by`). */
  node?: string;
  /** Keys that must exist before the step runs, beyond the object's recorded dependencies. */
  after?: string[];
  reason?: string;
}

/** The context of one plan. */
export interface PlanContext {
  readonly from: PlanSide;
  readonly to: PlanSide;
  readonly options: PlanOptions;
  /**
   * Note that the change of `key` (a column's type) invalidates objects that use it, so
   * views, rules, policies and triggers on it are dropped first and created again after.
   */
  reshaped(key: string): void;
  /**
   * Note that `key` (an enum) is rebuilt in place: what uses it is dropped first and created
   * again after, as for a replacement, except `columns`, which the rebuild retypes itself.
   */
  rebuilt(key: string, columns: readonly string[]): void;
}

/** Marker returned by an `alter` builder when the object must be dropped and created again. */
export const REPLACE = Symbol('replace');

/** Build the statements of one kind. */
export interface KindStatements<T> {
  create(object: T, ctx: PlanContext): Draft[];
  drop(object: T, ctx: PlanContext): Draft[];
  /** Statements for the changed `fields` (owner, comment and privileges excluded), or {@link REPLACE}. */
  alter(from: T, to: T, fields: ReadonlySet<string>, ctx: PlanContext): Draft[] | typeof REPLACE;
}
