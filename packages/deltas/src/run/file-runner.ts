/**
 * Running one file of an upgrade and writing its history row: SQL in a transaction of its own
 * (with its row, in one message when it can) or in the run's, SQL that manages its own
 * transaction, SQL statement by statement with its progress recorded (a rerun resumes after the
 * last completed statement), a code delta, a command hook.
 */
import { isPumError, type Logger, PumError, PumErrorCode } from '@pum/core';
import type pg from 'pg';
import { serverTimedRowSql } from '../history/history-row-sql.js';
import type { NewHistoryRow } from '../history/history-table.js';
import type { HistoryWriter } from '../history/history-writer.js';
import type { DeltaFile } from '../module/delta-file.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import type { Statement } from '../sql/split.js';
import { type CodeDelta, runCodeDelta } from './code-delta.js';
import { runCommandHook } from './command-hook.js';
import { type FileMessage, fileMessage, fitsOneMessage, placeError } from './file-message.js';
import type { FileMode } from './file-mode.js';
import { INTERRUPTED_NOTE } from './interrupted-note.js';
import { type InterruptedStatementChoice, interruptedStatement } from './interrupted-statement.js';
import { dropInvalidIndex } from './invalid-index.js';
import { locateFailure } from './locate-failure.js';
import type { PlannedFile } from './plan.js';
import { type PythonContext, runPythonFile } from './python-runner.js';
import { type RunWarning, RunWarningCode, strictWarningsError } from './run-warning.js';
import { type RunningStatement, runningStatement } from './slow-watch.js';
import { deltaSqlError } from './sql-error.js';
import { clearMark, ensureMarkColumn, markDone, markStarted } from './statement-marks.js';

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
  /** The parameter values PUM 1.x's `pum_migrations` records of the run (typed JSON). */
  pumParameters: Record<string, unknown>;
  /** Typed values given to code deltas and command hooks. */
  values: Readonly<Record<string, ParameterValue | undefined>>;
  /** The base environment of command hooks. */
  commandEnvironment: Readonly<Record<string, string | undefined>> | undefined;
  /** How Python files run: the interpreter found before the run, the layout, PUM 0.x's context. */
  python?: { python: string; layout: 'pum0' | 'pum1'; pum0: PythonContext['pum0'] } | undefined;
  toolVersion: string;
  logger: Logger;
  signal: AbortSignal;
  /** Loaded code deltas. */
  code: ReadonlyMap<DeltaFile, CodeDelta>;
  /** A statement of a file run statement by statement is about to be sent; set only when someone listens. */
  onStatementStart?: ((file: DeltaFile, statement: RunningStatement) => void) | undefined;
  onStatement?: ((file: DeltaFile, progress: StatementProgress) => void) | undefined;
  /** What to do with a statement an interrupted run left without an outcome (see `interrupted-statement.ts`). */
  interruptedStatement?: InterruptedStatementChoice | undefined;
  /** Resolves once a cancel request sent on abort has reached the server (see `cancel-query.ts`). */
  cancelSettled(): Promise<void>;
  /** The run's warnings: code deltas add theirs (see `CodeDeltaContext.warn`). */
  warnings: RunWarning[];
  /** A code delta that warned fails when it returns, before its transaction commits. */
  strict: boolean;
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

/** The statements that record `file`, just recorded as applied, in PUM's table (see `HistoryWriter.pumSql`). */
function pumSqlOf(ctx: FileRunContext, file: DeltaFile): string {
  return ctx.history.pumSql(file, { parameters: ctx.pumParameters, betaTesting: ctx.betaTesting });
}

/** `env` without its undefined values. */
function definedOnly(env: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env ?? {})) if (value !== undefined) result[name] = value;
  return result;
}

/** Where a file run statement by statement resumes: after the statements its last run completed. */
export function resumePoint(planned: PlannedFile | undefined): number {
  if (planned?.status !== 'failed' || planned.history?.checksum !== planned.file.checksum) return 0;
  return planned.history.statementsDone ?? 0;
}

/** Run one file and record it; throws the file's failure after recording it. */
export async function runFile(ctx: FileRunContext, run: FileRun): Promise<void> {
  const started = new Date();
  const { mode } = run;
  if (mode.kind === 'statements') return runStatements(ctx, run, mode.statements, started);
  if (mode.kind === 'command') return runCommand(ctx, run, started);
  if (!run.inRunTransaction && fitsOneMessage(mode))
    return runAsOneMessage(ctx, run, mode.statements, started);
  return runInTransaction(ctx, run, started);
}

/** The history row of a file that completed, timed by the client. */
function successRow(ctx: FileRunContext, file: DeltaFile, started: Date): NewHistoryRow {
  return {
    ...rowOf(ctx, file),
    startedAt: started,
    finishedAt: new Date(),
    executionMs: Date.now() - started.getTime(),
    success: true,
    error: null,
    statementsDone: null,
  };
}

/**
 * After a failure, before the statements that clean up: when the run was cancelled, wait for the
 * cancel request to reach the server, so that it cannot cancel them instead.
 */
async function afterFailure(ctx: FileRunContext): Promise<void> {
  if (ctx.signal.aborted) await ctx.cancelSettled();
}

/**
 * Record a failure of `file`, outside any transaction; a failure to record it is not reported.
 * A run cancelled (Ctrl-C) is noted {@link INTERRUPTED_NOTE}: the file rolled back, nothing is broken.
 */
async function recordFailure(ctx: FileRunContext, file: DeltaFile, started: Date, error: unknown) {
  await ctx.history
    .write({
      ...rowOf(ctx, file),
      ...(ctx.signal.aborted ? { note: INTERRUPTED_NOTE } : {}),
      startedAt: started,
      finishedAt: new Date(),
      executionMs: Date.now() - started.getTime(),
      success: false,
      error: (error as Error).message,
      statementsDone: null,
    })
    .catch(() => {});
}

async function runCommand(ctx: FileRunContext, run: FileRun, started: Date): Promise<void> {
  try {
    if (run.file.language === 'python') {
      if (!ctx.python) throw new Error(`${run.file.path}: no Python was found for the run`);
      await runPythonFile(run.file, ctx.python.layout, {
        python: ctx.python.python,
        cwd: ctx.module.root,
        environment: ctx.commandEnvironment ?? {},
        parameters: ctx.values,
        ...(ctx.python.pum0 ? { pum0: ctx.python.pum0 } : {}),
        log: ctx.logger,
        signal: ctx.signal,
      });
    } else {
      await runCommandHook(run.file, {
        cwd: ctx.module.root,
        module: ctx.module.name,
        environment: ctx.commandEnvironment ?? {},
        parameters: ctx.values,
        log: ctx.logger,
        signal: ctx.signal,
      });
    }
  } catch (error) {
    await afterFailure(ctx);
    await recordFailure(ctx, run.file, started, error);
    throw error;
  }
  await ctx.history.write(successRow(ctx, run.file, started), pumSqlOf(ctx, run.file));
}

/**
 * The common case, in one round trip: the file in its own transaction with its history row (see
 * `file-message.ts`). On failure, the transaction is rolled back and the failure recorded outside
 * it, with the error placed as if the file had been sent alone: its position mapped into the
 * file, or, without one, the failing statement found by replaying the file.
 */
async function runAsOneMessage(
  ctx: FileRunContext,
  run: FileRun,
  statements: readonly Statement[],
  started: Date,
): Promise<void> {
  const message = oneMessageOf(ctx, run, started);
  try {
    await ctx.client.query(message.text);
  } catch (error) {
    await rollBackFailed(ctx);
    return messageFailure(ctx, run, statements, started, message, error);
  }
  ctx.history.committed();
}

/**
 * The message that runs `run` with its history row (see `file-message.ts`); the history table's
 * DDL is in it when the table may not exist yet, which then counts as created in its transaction.
 */
export function oneMessageOf(ctx: FileRunContext, run: FileRun, started: Date): FileMessage {
  const { history } = ctx;
  const tableSql = history.tableSql();
  const pumSql = pumSqlOf(ctx, run.file);
  // PUM's statements follow the row; the message adds the last `;`.
  const rowSql = `${serverTimedRowSql(history.table, successRow(ctx, run.file, started))}${
    pumSql ? `;\n${pumSql.replace(/;\n$/, '')}` : ''
  }`;
  return fileMessage(run.sql, tableSql, rowSql);
}

/**
 * After a failed message: once a cancel request under way has reached the server, roll back
 * what the message left open; the history table it created is gone with it.
 */
export async function rollBackFailed(ctx: FileRunContext): Promise<void> {
  await afterFailure(ctx);
  await ctx.client.query('ROLLBACK').catch(() => {});
  ctx.history.rolledBack();
}

/**
 * After `message` of `run` failed with `error` (its position, if any, relative to the message)
 * and its transaction was rolled back (see {@link rollBackFailed}): the failure is recorded, with
 * the error placed as if the file had been sent alone — its position mapped into the file, or,
 * without one, the failing statement found by replaying the file — and thrown. An error outside
 * the file's text sends the file again part by part, which reports that error exactly; should
 * that run succeed, the file is applied and this resolves.
 */
export async function messageFailure(
  ctx: FileRunContext,
  run: FileRun,
  statements: readonly Statement[],
  started: Date,
  message: FileMessage,
  error: unknown,
): Promise<void> {
  const { client } = ctx;
  const { file } = run;
  const place = placeError(error, message);
  let failure: unknown;
  if (place === 'file') failure = deltaSqlError(error, file.path, run.sql);
  else if (ctx.signal.aborted) failure = place === 'none' ? deltaSqlError(error, file.path, run.sql) : error;
  else if (place === 'none') {
    failure = await locateFailure(client, file, run.sql, statements, error, message.ours);
  } else {
    // Not in the file's text, and nothing of the message committed: run the file again with
    // each part sent on its own, which reports exactly that failure (a syntax error means
    // nothing ran).
    return runInTransaction(ctx, run, started);
  }
  await recordFailure(ctx, file, started, failure);
  throw failure;
}

/**
 * SQL or a code delta in a transaction: ours (its history row and `COMMIT` then sent together),
 * the run's (the row held until the run's transaction commits), or the file's own `BEGIN …
 * COMMIT` (the row written after it).
 */
async function runInTransaction(ctx: FileRunContext, run: FileRun, started: Date): Promise<void> {
  const { client, history } = ctx;
  const { file, mode } = run;
  const own = !run.inRunTransaction && mode.kind !== 'self';
  try {
    if (own) await client.query('BEGIN');
    if (mode.kind === 'code') {
      const delta = ctx.code.get(file) as CodeDelta;
      const warnings: RunWarning[] = [];
      await runCodeDelta(file, delta, {
        client,
        parameters: Object.fromEntries(Object.entries(ctx.values).map(([name, v]) => [name, v?.value])),
        log: ctx.logger,
        signal: ctx.signal,
        env: definedOnly(ctx.commandEnvironment),
        warn: (message, options = {}) => {
          const warning: RunWarning = {
            code: options.code ?? RunWarningCode.CodeDelta,
            message,
            path: file.path,
            ...(options.details ? { details: options.details } : {}),
          };
          warnings.push(warning);
          ctx.warnings.push(warning);
        },
      });
      // Thrown here, the delta's work rolls back with its transaction (the run's, or its own).
      if (ctx.strict && warnings.length > 0) throw strictWarningsError(warnings);
    } else if (mode.kind === 'transaction' || mode.kind === 'self') {
      await client.query(run.sql).catch(async (error) => {
        if (own && !(error as { position?: unknown }).position && !ctx.signal.aborted)
          throw await locateFailure(client, file, run.sql, mode.statements, error);
        throw deltaSqlError(error, file.path, run.sql);
      });
    }
    const row = successRow(ctx, file, started);
    if (run.inRunTransaction) history.queue(row, pumSqlOf(ctx, file));
    else if (own) {
      const tableSql = history.tableSql();
      const pumSql = pumSqlOf(ctx, file);
      await client.query(`${tableSql}${serverTimedRowSql(history.table, row)};\n${pumSql}COMMIT`);
      history.committed();
    } else await history.write(row, pumSqlOf(ctx, file));
  } catch (error) {
    if (!run.inRunTransaction) {
      // Ours, or the file's own transaction left open by its failure: rolled back, then the
      // failure is recorded outside it.
      await afterFailure(ctx);
      await client.query('ROLLBACK').catch(() => {});
      history.rolledBack();
      await recordFailure(ctx, file, started, error);
    }
    throw error;
  }
}

/** Committed statements of a file run outside a transaction, for a failure's `changed`. */
function committedLine(file: DeltaFile, done: number, total: number): string {
  return `${done} of ${total} statements of ${file.path} committed (it runs outside a transaction); rerun to resume after statement ${done}`;
}

/** `error` with `changed` saying which statements of `file` committed (unchanged when none did). */
function withCommitted(error: unknown, file: DeltaFile, done: number, total: number): unknown {
  if (done === 0) return error;
  const line = committedLine(file, done, total);
  if (isPumError(error)) {
    return new PumError(error.code, error.message, {
      cause: error.cause,
      hint: error.hint,
      details: { ...error.details, path: file.path, statementsDone: done, statements: total },
      changed: [...error.changed, line],
    });
  }
  return new PumError(PumErrorCode.SqlError, `${file.path}: ${(error as Error).message}`, {
    cause: error,
    details: { path: file.path, statementsDone: done, statements: total },
    changed: [line],
  });
}

/**
 * Where a file run statement by statement starts: after the statements its last run completed,
 * and after the one it was interrupted in when the caller says it committed.
 */
function startPoint(ctx: FileRunContext, run: FileRun, mode: FileMode): { from: number; note?: string } {
  const from = Math.min(resumePoint(run.planned), mode.kind === 'statements' ? mode.statements.length : 0);
  const interrupted = interruptedStatement(run.planned, mode);
  if (interrupted === undefined)
    return from > 0 ? { from, note: `resumed after statement ${from}` } : { from };
  if (ctx.interruptedStatement === 'assume-done') {
    return {
      from: interrupted.number,
      note: `statement ${interrupted.number}, interrupted, assumed done; resumed after it`,
    };
  }
  return {
    from: interrupted.number - 1,
    note: `statement ${interrupted.number}, interrupted, run again`,
  };
}

/**
 * Outside a transaction, statement by statement (CREATE INDEX CONCURRENTLY and the like). A
 * history row written before the first statement counts the completed ones as they complete,
 * and marks each statement as started, in a write of its own, before sending it: a run that dies
 * half-way resumes after the last statement it completed, and one that dies while a statement
 * runs leaves the mark, so the next run asks whether that statement committed (see
 * `interrupted-statement.ts`).
 */
async function runStatements(
  ctx: FileRunContext,
  run: FileRun,
  statements: readonly Statement[],
  started: Date,
): Promise<void> {
  const { client, history } = ctx;
  const { from, note } = startPoint(ctx, run, run.mode);
  const total = statements.length;
  const progress = (done: number) => ctx.onStatement?.(run.file, { done, total, resumedFrom: from });
  if (from > 0) ctx.logger.info(`resuming ${run.file.path} after statement ${from} of ${total}`);
  const id = await history.write({
    ...rowOf(ctx, run.file),
    startedAt: started,
    finishedAt: null,
    executionMs: null,
    success: false,
    error: 'running: not finished yet',
    statementsDone: from,
    ...(note ? { note } : {}),
  });
  await ensureMarkColumn(client, history.table);
  // The file's last run stopped at this statement: an invalid index it left is ours to rebuild.
  const planned = run.planned;
  const stoppedAt =
    planned?.status === 'failed' && planned.history?.checksum === run.file.checksum
      ? resumePoint(planned)
      : -1;
  let done = from;
  try {
    for (const [index, statement] of statements.entries()) {
      if (index < from) continue;
      ctx.signal.throwIfAborted();
      const where = `${run.file.path}: statement ${index + 1}`;
      const dropped = await dropInvalidIndex(client, statement.text, index === stoppedAt, where);
      if (dropped)
        ctx.logger.info(
          `${where}: dropped the invalid index ${dropped} its last run left; building it again`,
        );
      await markStarted(client, history.table, id, index + 1, statement.text);
      ctx.onStatementStart?.(run.file, runningStatement(statement, index, total));
      await client.query(statement.text).catch(async (error) => {
        // The server answered with an error: the statement rolled back, nothing is under way.
        if ((error as { severity?: unknown }).severity !== undefined) {
          await afterFailure(ctx);
          await clearMark(client, history.table, id).catch(() => {});
        }
        throw deltaSqlError(error, run.file.path, statement.text, statement.start, run.sql);
      });
      done++;
      await markDone(client, history.table, id, done);
      progress(done);
    }
  } catch (error) {
    await afterFailure(ctx);
    await history
      .update(id, {
        error: (error as Error).message,
        executionMs: Date.now() - started.getTime(),
        finished: true,
      })
      .catch(() => {});
    throw withCommitted(error, run.file, done, total);
  }
  await history.update(id, {
    success: true,
    error: null,
    executionMs: Date.now() - started.getTime(),
    finished: true,
  });
  const pumSql = pumSqlOf(ctx, run.file);
  if (pumSql) {
    await client.query(pumSql).then(
      () => history.committed(),
      (error) => {
        history.rolledBack();
        throw error;
      },
    );
  }
}
