/**
 * pum's history table: one row per file run (and per baseline, adoption or repair), created on
 * first use. What is "applied" is derived from it, never from file names sorted as text.
 */
import { type Queryable, qualifiedName } from '@pum/core';
import type { DeltaKind } from '../module/delta-file.js';

/** A schema-qualified table name. */
export interface TableName {
  schema: string;
  name: string;
}

/** The default history table. */
export const DEFAULT_HISTORY_TABLE: TableName = { schema: 'public', name: 'pum_history' };

/** One row of the history table. */
export interface HistoryRow {
  id: number;
  module: string;
  version: string | null;
  name: string;
  kind: DeltaKind | 'repair';
  path: string | null;
  checksum: string | null;
  parameters: Record<string, unknown>;
  installedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  executionMs: number | null;
  success: boolean;
  error: string | null;
  /** Statements completed of a file run outside a transaction (for resuming). */
  statementsDone: number | null;
  /**
   * The statement of a file run outside a transaction that was sent and not yet recorded as
   * done, `<number>:<fingerprint>` (see `statement-marks.ts`); null when none. Left set, it means
   * the run died while the statement ran: the statement may or may not have committed.
   */
  statementStarted?: string | null;
  toolVersion: string;
  /** Where the row came from: `pum`, or `pum0:<table>#<id>` for a row adopted from PUM 0.x. */
  source: string;
  note: string | null;
  /**
   * Run with PUM 1.x's `--beta-testing`: a module installed or upgraded so takes no further
   * upgrade unless forced.
   */
  betaTesting: boolean;
}

/** `CREATE TABLE` of the history table. */
export function historyTableDdl(table: TableName): string {
  const q = qualifiedName(table.schema, table.name);
  return `CREATE TABLE IF NOT EXISTS ${q} (
  id bigserial PRIMARY KEY,
  module text NOT NULL,
  version text,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('baseline', 'pre-all', 'pre', 'delta', 'post', 'post-all', 'hook', 'repair')),
  path text,
  checksum text,
  parameters jsonb NOT NULL DEFAULT '{}',
  installed_by text NOT NULL DEFAULT current_user,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  execution_ms integer,
  success boolean NOT NULL,
  error text,
  statements_done integer,
  statement_started text,
  tool_version text NOT NULL,
  source text NOT NULL DEFAULT 'pum',
  note text,
  beta_testing boolean NOT NULL DEFAULT false
)`;
}

/**
 * `CREATE SCHEMA IF NOT EXISTS` and `CREATE TABLE IF NOT EXISTS` of the history table, as one
 * text of two statements.
 */
export function createHistoryTableSql(table: TableName): string {
  return `CREATE SCHEMA IF NOT EXISTS ${qualifiedName(undefined, table.schema)}; ${historyTableDdl(table)}`;
}

/** Whether a table exists, and its columns. */
export async function tableColumns(db: Queryable, table: TableName): Promise<string[] | undefined> {
  const { rows } = await db.query<{ columns: string[] | null; exists: boolean }>(
    `SELECT c.oid IS NOT NULL AS exists,
       ARRAY(SELECT attname::text FROM pg_catalog.pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum) AS columns
     FROM (SELECT to_regclass($1) AS oid) c`,
    [qualifiedName(table.schema, table.name)],
  );
  return rows[0]?.exists ? (rows[0].columns ?? []) : undefined;
}

/** Read every row of the history table of `module` (all modules when undefined), oldest first. */
export async function readHistory(db: Queryable, table: TableName, module?: string): Promise<HistoryRow[]> {
  const { rows } = await db.query<HistoryRow>(
    `SELECT id::int AS id, module, version, name, kind, path, checksum, parameters, installed_by AS "installedBy",
       started_at AS "startedAt", finished_at AS "finishedAt", execution_ms AS "executionMs", success, error,
       statements_done AS "statementsDone", tool_version AS "toolVersion", source, note,
       beta_testing AS "betaTesting", to_jsonb(h) ->> 'statement_started' AS "statementStarted"
     FROM ${qualifiedName(table.schema, table.name)} h
     WHERE $1::text IS NULL OR module = $1 ORDER BY id`,
    [module ?? null],
  );
  return rows;
}

/** What a new history row holds. */
export type NewHistoryRow = Omit<
  HistoryRow,
  'id' | 'installedBy' | 'startedAt' | 'finishedAt' | 'betaTesting'
> & {
  startedAt?: Date;
  finishedAt?: Date | null;
  betaTesting?: boolean;
};

/** The columns a new row sets, in the order of {@link insertHistory}'s values. */
export const HISTORY_INSERT_COLUMNS =
  'module, version, name, kind, path, checksum, parameters, started_at, finished_at, execution_ms, success, error,\n' +
  '        statements_done, tool_version, source, note, beta_testing';

/** Append one row; returns its id. */
export async function insertHistory(db: Queryable, table: TableName, row: NewHistoryRow): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO ${qualifiedName(table.schema, table.name)}
       (${HISTORY_INSERT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, clock_timestamp()), $9, $10, $11, $12, $13, $14, $15, $16, $17)
     RETURNING id::int AS id`,
    [
      row.module,
      row.version,
      row.name,
      row.kind,
      row.path,
      row.checksum,
      JSON.stringify(row.parameters),
      row.startedAt ?? null,
      row.finishedAt ?? null,
      row.executionMs,
      row.success,
      row.error,
      row.statementsDone,
      row.toolVersion,
      row.source,
      row.note,
      row.betaTesting === true,
    ],
  );
  return (rows[0] as { id: number }).id;
}

/** What a row's progress or outcome may be updated with. */
export type HistoryUpdate = Partial<
  Pick<HistoryRow, 'success' | 'error' | 'statementsDone' | 'executionMs'>
> & {
  /** Set `finished_at` to now. */
  finished?: boolean;
};

/** Update the row `id` (the progress of a file run outside a transaction). */
export async function updateHistory(
  db: Queryable,
  table: TableName,
  id: number,
  update: HistoryUpdate,
): Promise<void> {
  await db.query(
    `UPDATE ${qualifiedName(table.schema, table.name)} SET
       success = coalesce($2, success),
       error = CASE WHEN $3::boolean THEN $4 ELSE error END,
       statements_done = coalesce($5, statements_done),
       execution_ms = coalesce($6, execution_ms),
       finished_at = CASE WHEN $7::boolean THEN clock_timestamp() ELSE finished_at END
     WHERE id = $1`,
    [
      id,
      update.success ?? null,
      'error' in update,
      update.error ?? null,
      update.statementsDone ?? null,
      update.executionMs ?? null,
      update.finished === true,
    ],
  );
}
