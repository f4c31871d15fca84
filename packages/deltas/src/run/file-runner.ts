/**
 * Running one file of an upgrade and writing its history row: SQL in a transaction (its own or
 * the run's), SQL that manages its own transaction, SQL statement by statement with its progress
 * recorded (a rerun resumes after the last completed statement), a code delta, a command hook.
 */
import type { Logger, PumError } from '@pum/core';
import type pg from 'pg';
import type { NewHistoryRow } from '../history/history-table.js';
import type { HistoryWriter } from '../history/history-writer.js';
import type { DeltaFile } from '../module/delta-file.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import { type CodeDelta, runCodeDelta } from './code-delta.js';
import { runCommandHook } from './command-hook.js';
import type { FileMode } from './file-mode.js';
import type { PlannedFile } from './plan.js';
import { deltaSqlError } from './sql-error.js';

/** Progress within a file run statement by statement. */
export interface StatementProgress {
  /** Statements completed, resumed ones included. */
  done: number;
  total: number;
  /** Statements skipped because an earlier run completed them. */
  resumedFrom: number;
}

/** What every file of one run shares. */
export interface FileRunContext {
  client: pg.ClientBase;
  history: HistoryWriter;
  module: { name: string; root: string };
  /** Recorded with each history row. */
  parameters: Record<string, unknown>;
  /** Recorded with each history row: the run is beta testing. */
  betaTesting: boolean;
  /** Typed values given to code deltas and command hooks. */
  values: Readonly<Record<string, ParameterValue | undefined>>;
  /** The base environment of command hooks. */
  commandEnvironment: Readonly<Record<string, string | undefined>> | undefined;
  toolVersion: string;
  logger: Logger;
  signal: AbortSignal;
  /** Loaded code deltas. */
  code: ReadonlyMap<DeltaFile, CodeDelta>;
  onStatement?: ((file: DeltaFile, progress: StatementProgress) => void) | undefined;
}

/** One file to run. */
export interface FileRun {
  file: DeltaFile;
  sql: string;
  mode: FileMode;
  /** Its plan entry: its last history row says where a half-run file resumes. */
  planned: PlannedFile | undefined;
  /** A transaction of the run is open (single-transaction mode). */
  inRunTransaction: boolean;
}

function rowOf(
  ctx: FileRunContext,
  file: DeltaFile,
): Omit<NewHistoryRow, 'success' | 'error' | 'statementsDone' | 'executionMs'> {
  return {
    module: ctx.module.name,
    version: file.version?.text ?? null,
    name: file.name,
    kind: file.kind,
    path: file.path,
    checksum: file.checksum,
    parameters: ctx.parameters,
    toolVersion: ctx.toolVersion,
    source: 'pum',
    note: null,
    betaTesting: ctx.betaTesting,
  };
}

/** Where a file run statement by statement resumes: after the statements its last run completed. */
export function resumePoint(planned: PlannedFile | undefined): number {
  if (planned?.status !== 'failed' || planned.history?.checksum !== planned.file.checksum) return 0;
  return planned.history.statementsDone ?? 0;
}

/** Run one file and record it; throws the file's failure after recording it. */
export async function runFile(ctx: FileRunContext, run: FileRun): Promise<void> {
  const { client, history } = ctx;
  const { file, mode } = run;
  const started = new Date();
  const record = (
    success: boolean,
    error: string | null,
    statementsDone: number | null,
    inTransaction: boolean,
  ) =>
    history.write(
      {
        ...rowOf(ctx, file),
        startedAt: started,
        finishedAt: new Date(),
        executionMs: Date.now() - started.getTime(),
        success,
        error,
        statementsDone,
      },
      inTransaction,
    );

  if (mode.kind === 'statements') return runStatements(ctx, run, mode.statements, started);
  if (mode.kind === 'command') {
    try {
      await runCommandHook(file, {
        cwd: ctx.module.root,
        module: ctx.module.name,
        environment: ctx.commandEnvironment ?? {},
        parameters: ctx.values,
        log: ctx.logger,
        signal: ctx.signal,
      });
    } catch (error) {
      await record(false, (error as Error).message, null, false).catch(() => {});
      throw error;
    }
    await record(true, null, null, false);
    return;
  }

  // In a transaction: ours (one per file), the run's, or the file's own BEGIN … COMMIT.
  const own = !run.inRunTransaction && mode.kind !== 'self';
  try {
    if (own) await client.query('BEGIN');
    if (mode.kind === 'code') {
      const delta = ctx.code.get(file) as CodeDelta;
      await runCodeDelta(file, delta, {
        client,
        parameters: Object.fromEntries(Object.entries(ctx.values).map(([name, v]) => [name, v?.value])),
        log: ctx.logger,
        signal: ctx.signal,
      });
    } else {
      await client.query(run.sql).catch(async (error) => {
        if (own && !(error as { position?: unknown }).position && !ctx.signal.aborted)
          throw await locateFailure(client, file, run.sql, mode.statements, error);
        throw deltaSqlError(error, file.path, run.sql);
      });
    }
    await record(true, null, null, own || run.inRunTransaction);
    if (own) {
      await client.query('COMMIT');
      history.committed();
    }
  } catch (error) {
    if (!run.inRunTransaction) {
      // Ours, or the file's own transaction left open by its failure: rolled back, then the
      // failure is recorded outside it.
      await client.query('ROLLBACK').catch(() => {});
      history.rolledBack();
      await record(false, (error as Error).message, null, false).catch(() => {});
    }
    throw error;
  }
}

/**
 * Outside a transaction, statement by statement (CREATE INDEX CONCURRENTLY and the like). A
 * history row written before the first statement counts the completed ones as they complete, so
 * a run that dies half-way resumes after the last one it completed.
 */
async function runStatements(
  ctx: FileRunContext,
  run: FileRun,
  statements: readonly { text: string; start: number }[],
  started: Date,
): Promise<void> {
  const { client, history } = ctx;
  const from = Math.min(resumePoint(run.planned), statements.length);
  const progress = (done: number) =>
    ctx.onStatement?.(run.file, { done, total: statements.length, resumedFrom: from });
  if (from > 0) ctx.logger.info(`resuming ${run.file.path} after statement ${from} of ${statements.length}`);
  const id = await history.write({
    ...rowOf(ctx, run.file),
    startedAt: started,
    finishedAt: null,
    executionMs: null,
    success: false,
    error: 'running: not finished yet',
    statementsDone: from,
    ...(from > 0 ? { note: `resumed after statement ${from}` } : {}),
  });
  let done = from;
  try {
    for (const statement of statements.slice(from)) {
      ctx.signal.throwIfAborted();
      await client.query(statement.text).catch((error) => {
        throw deltaSqlError(error, run.file.path, statement.text, statement.start, run.sql);
      });
      done++;
      await history.update(id, { statementsDone: done });
      progress(done);
    }
  } catch (error) {
    await history
      .update(id, {
        error: (error as Error).message,
        executionMs: Date.now() - started.getTime(),
        finished: true,
      })
      .catch(() => {});
    throw error;
  }
  await history.update(id, {
    success: true,
    error: null,
    executionMs: Date.now() - started.getTime(),
    finished: true,
  });
}

/**
 * The server names no position for errors raised while executing (a missing table in ALTER
 * TABLE…), and a file runs as one message: to say which statement failed, run the file again
 * statement by statement in a transaction that is rolled back, and report the one that fails.
 */
async function locateFailure(
  client: pg.ClientBase,
  file: DeltaFile,
  sql: string,
  statements: readonly { text: string; start: number }[],
  original: unknown,
): Promise<PumError> {
  await client.query('ROLLBACK').catch(() => {});
  try {
    await client.query('BEGIN');
    for (const statement of statements) {
      try {
        await client.query(statement.text);
      } catch (error) {
        return deltaSqlError(error, file.path, statement.text, statement.start, sql);
      }
    }
  } catch {
    // Could not replay: fall back to the error as it came.
  } finally {
    await client.query('ROLLBACK').catch(() => {});
  }
  return deltaSqlError(original, file.path, sql);
}
