/**
 * Code deltas and hooks: `.js` / `.mjs` / `.ts` modules whose default export is one async
 * function. It runs inside the delta's transaction on pum's own connection, with a client that
 * refuses transaction control — so a code delta commits or rolls back with its history row,
 * unlike PUM's Python deltas that opened connections of their own.
 */
import { pathToFileURL } from 'node:url';
import { type Logger, PumError, PumErrorCode } from '@pum/core';
import type pg from 'pg';
import type { DeltaFile } from '../module/delta-file.js';
import { type TransactionControl, transactionControl } from '../sql/classify.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import { splitStatements } from '../sql/split.js';

const ALLOWED_CONTROL = new Set<TransactionControl>(['savepoint', 'release', 'rollback-to']);

/** What a code delta's function receives. */
export interface CodeDeltaContext {
  /**
   * pum's connection, inside the delta's transaction. `query` works as in `pg` (text and values,
   * a config object, or a submittable such as a `pg-query-stream`); `BEGIN`, `COMMIT`,
   * `ROLLBACK` and the like are refused.
   */
  client: Pick<pg.ClientBase, 'query'>;
  /** The run's parameter values by name (`{ SRID: 2056, webgis: false }`); undefined when not given. */
  parameters: Readonly<Record<string, ParameterValue['value'] | undefined>>;
  /** Where to write what the delta does; it reaches the caller's logger. */
  log: Logger;
  /** Aborted when the run is cancelled: long deltas should stop early. */
  signal: AbortSignal;
  /**
   * The environment for programs the delta starts (pass it as `spawn`'s `env`): the caller's,
   * without its own libpq connection variables (`PGSERVICE`, `PGHOST`, …), with the database
   * being upgraded in `PG*` — so `psql` reaches that database (the test copy during a rehearsal),
   * never another one. Empty when the caller gave none (`ApplyOptions.commandEnvironment`).
   * Such programs use connections of their own: they do not see the delta's uncommitted work.
   */
  env: Readonly<Record<string, string>>;
  /**
   * Report something the delta did not do as asked but that need not stop the run: it lands in
   * the run's report (`UpgradeReport.warnings`, with the delta's path), and a strict run
   * (`ApplyOptions.strict`) fails when the delta returns, rolling back its transaction.
   */
  warn(message: string, options?: { code?: string; details?: Record<string, unknown> }): void;
}

/** The function a code delta exports as its default. */
export type CodeDelta = (context: CodeDeltaContext) => Promise<void> | void;

/** Import a module file: natively for JavaScript, through jiti for TypeScript. */
async function importFile(file: DeltaFile): Promise<Record<string, unknown>> {
  if (file.absolutePath.endsWith('.ts')) {
    const { createJiti } = await import('jiti');
    // No disk cache (nothing written into the module), no module cache (an edited file is re-read).
    const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false });
    return (await jiti.import(file.absolutePath)) as Record<string, unknown>;
  }
  // The checksum in the URL makes an edited file a new module for Node's import cache.
  const url = `${pathToFileURL(file.absolutePath).href}?checksum=${file.checksum}`;
  return (await import(url)) as Record<string, unknown>;
}

/**
 * Load the function of a code delta, before anything runs.
 *
 * @throws {@link PumError} `PUM_INVALID_FILE` naming the file when it cannot be loaded or does not
 *   export a function as its default.
 */
export async function loadCodeDelta(file: DeltaFile): Promise<CodeDelta> {
  if (file.generated) return file.generated;
  let exports: Record<string, unknown>;
  try {
    exports = await importFile(file);
  } catch (error) {
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${file.path}: cannot load the code delta: ${(error as Error).message}`,
      {
        cause: error,
        hint: 'fix the module so that it loads (syntax, imports)',
        details: { path: file.path },
      },
    );
  }
  const candidate = exports.default;
  // A CommonJS module's `module.exports = fn` arrives as `default` too.
  if (typeof candidate !== 'function') {
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${file.path}: a code delta must export an async function as its default`,
      {
        hint: 'write `export default async function ({ client, parameters, log, signal }) { … }`',
        details: { path: file.path },
      },
    );
  }
  return candidate as CodeDelta;
}

/** A client whose `query` refuses transaction control statements given as text. */
function guardedClient(client: pg.ClientBase, path: string): Pick<pg.ClientBase, 'query'> {
  const query = (config: unknown, ...rest: unknown[]) => {
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    if (typeof text === 'string') {
      // Savepoints stay inside pum's transaction: a delta may use them to recover from an error.
      const control = splitStatements(text)
        .map((statement) => transactionControl(statement.text))
        .find((c) => c !== undefined && !ALLOWED_CONTROL.has(c));
      if (control !== undefined) {
        throw new PumError(
          PumErrorCode.InvalidFile,
          `${path}: a code delta cannot run ${control.toUpperCase()}`,
          {
            hint: 'pum runs each code delta inside its transaction; throw an error to roll it back',
            details: { path },
          },
        );
      }
    }
    return (client.query as (...args: unknown[]) => unknown)(config, ...rest);
  };
  return { query: query as pg.ClientBase['query'] };
}

/** The line and column of `file` in the stack of `error`, when the error was thrown there. */
function locationIn(error: unknown, file: DeltaFile): { line: number; column: number } | undefined {
  const stack = (error as { stack?: unknown })?.stack;
  if (typeof stack !== 'string') return undefined;
  const url = pathToFileURL(file.absolutePath).href;
  for (const frame of stack.split('\n')) {
    if (!frame.includes(url) && !frame.includes(file.absolutePath)) continue;
    const match = /:(\d+):(\d+)\)?\s*$/.exec(frame);
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}

/**
 * Run a loaded code delta.
 *
 * @throws {@link PumError} `PUM_ABORTED` when it failed after the run was cancelled,
 *   `PUM_SQL_ERROR` for a server error, `PUM_DELTA_FAILED` for anything else it threw — naming the file, and the line where the stack says it was thrown.
 */
export async function runCodeDelta(
  file: DeltaFile,
  delta: CodeDelta,
  context: Omit<CodeDeltaContext, 'client'> & { client: pg.ClientBase },
): Promise<void> {
  try {
    await delta({ ...context, client: guardedClient(context.client, file.path) });
  } catch (error) {
    if (error instanceof PumError) throw error;
    if (context.signal.aborted) {
      throw new PumError(PumErrorCode.Aborted, `${file.path}: cancelled`, {
        cause: error,
        details: { path: file.path },
      });
    }
    const at = locationIn(error, file);
    const where = at ? `${file.path}:${at.line}:${at.column}` : file.path;
    const e = error as {
      message?: string;
      code?: string;
      severity?: unknown;
      detail?: string;
      hint?: string;
    };
    const server = e.severity !== undefined;
    throw new PumError(
      server ? PumErrorCode.SqlError : PumErrorCode.DeltaFailed,
      `${where}: ${e.message ?? String(error)}${server && e.code ? ` (SQLSTATE ${e.code})` : ''}${e.detail ? `\n  detail: ${e.detail}` : ''}`,
      {
        cause: error,
        hint: e.hint,
        details: { path: file.path, ...at, ...(server ? { sqlstate: e.code } : {}) },
      },
    );
  }
}
