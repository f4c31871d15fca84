/**
 * The migration plan: ordered SQL steps that turn one schema into another, each saying what it
 * touches and what it risks. Plain data, so it can be printed, written as a delta file or
 * serialised.
 */

/**
 * What a step risks:
 * - `data-loss`: drops a table, column, type or extension, or changes a type in a way that can
 *   lose or refuse data;
 * - `table-rewrite`: rewrites the table (a column type change);
 * - `access-exclusive-lock`: blocks reads and writes of a table while it runs;
 * - `non-transactional`: cannot run inside a transaction block (`CREATE INDEX CONCURRENTLY`);
 * - `manual`: pum cannot express the change; the step is a comment for a person to finish.
 */
export type Hazard = 'data-loss' | 'table-rewrite' | 'access-exclusive-lock' | 'non-transactional' | 'manual';

/** Every hazard, in the order reports list them. */
export const HAZARDS: readonly Hazard[] = [
  'data-loss',
  'table-rewrite',
  'access-exclusive-lock',
  'non-transactional',
  'manual',
];

/** What a step does to its object. */
export type StepAction = 'create' | 'alter' | 'drop';

/** One SQL statement of a plan. */
export interface MigrationStep {
  /** The statement, ending with `;`. */
  sql: string;
  /** The key of the object it touches (`table:qwat_od.pipe`, `column:qwat_od.pipe.geometry`). */
  object: string;
  action: StepAction;
  /**
   * False for statements that run after the plan's transaction, each in a transaction of its
   * own: those that cannot run in a transaction block (`CREATE INDEX CONCURRENTLY`), and, in an
   * online plan, those that must follow its commit (`VALIDATE CONSTRAINT`, `ADD CONSTRAINT …
   * USING INDEX` of an index built concurrently, foreign keys that need it).
   */
  transactional: boolean;
  /** What the step risks; empty for a safe step. */
  hazards: Hazard[];
  /** Why the step is there when it is not the object's own change: `recreated: view depends on column:…`. */
  reason?: string;
}

/** A step left out of the plan, and why. */
export interface WithheldStep extends MigrationStep {
  /** Why it was left out: `destructive` (needs `allowDestructive`) or `never` (pum never emits it). */
  withheld: 'destructive' | 'never';
}

/** An object difference the planner cannot turn into SQL yet. */
export interface UnsupportedChange {
  object: string;
  /** What would be needed. */
  message: string;
}

/** The plan of {@link planMigration}. */
export interface MigrationPlan {
  /** The steps to run, in order. */
  steps: MigrationStep[];
  /** Destructive steps left out without `allowDestructive`, and steps pum never emits. */
  withheld: WithheldStep[];
  /** Differences with no SQL in this plan. */
  unsupported: UnsupportedChange[];
  /** True when running `steps` makes `from` equal to `to`: nothing withheld or unsupported. */
  complete: boolean;
}

/** Options of {@link planMigration}. */
export interface PlanOptions {
  /** Emit destructive steps (drops of tables, columns, types, extensions; lossy type changes). Default false. */
  allowDestructive?: boolean;
  /**
   * Prefer steps that keep the tables available: `CREATE INDEX CONCURRENTLY` (non-transactional),
   * foreign keys and checks added `NOT VALID` then validated after the plan's transaction
   * commits, UNIQUE and PRIMARY KEY constraints built `USING INDEX` from an index built
   * concurrently. Default false.
   */
  online?: boolean;
  /** Leave owners as they are. */
  ignoreOwners?: boolean;
  /** Leave privileges as they are. */
  ignorePrivileges?: boolean;
  /** Leave comments as they are. */
  ignoreComments?: boolean;
  /** Only plan objects in schemas matching one of these globs. */
  includeSchemas?: readonly string[];
  /** Leave out objects in schemas matching one of these globs. */
  excludeSchemas?: readonly string[];
}
