/**
 * Running pg_dump, pg_restore and psql: spawned without a shell, the connection in the
 * environment only, stderr read line by line (progress, log, and the lines kept to explain a
 * failure), killed when the caller's `AbortSignal` fires.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type Logger, PumError, PumErrorCode } from '@pum/core';
import type { PgTool } from '../tools/find-pg-tools.js';
import type { PgToolName } from '../tools/tool-locations.js';
import { explainingLines, type ToolExit, toolFailure } from './tool-failure.js';

/**
 * A child process just started, for {@link ToolRunOptions.onSpawn}.
 *
 * @example
 * ```ts
 * onSpawn: ({ pid, tool }) => console.log(`${tool} runs as process ${pid}`),
 * ```
 */
export interface SpawnedProcess {
  readonly pid: number;
  readonly tool: PgToolName;
  /** Its arguments (never a password). */
  readonly args: readonly string[];
}

/** What every run of a program shares: environment, logging, cancellation. */
export interface RunContext {
  readonly env: Readonly<Record<string, string>>;
  readonly logger: Logger;
  readonly signal: AbortSignal | undefined;
  readonly onSpawn: ((process: SpawnedProcess) => void) | undefined;
  readonly connectionLabel: string;
  readonly secrets: readonly string[];
}

/** Options of one program run. */
export interface StartOptions {
  /** What the program is doing, for messages: `dumping postgresql://…`. */
  readonly doing: string;
  /** `pipe` to write to its stdin (the restore end of a clone). Default `ignore`. */
  readonly stdin?: 'ignore' | 'pipe';
  /** `pipe` to read its stdout, `capture` to collect it. Default `ignore`. */
  readonly stdout?: 'ignore' | 'pipe' | 'capture';
  /** Receives each stderr line (progress). */
  readonly onLine?: ((line: string) => void) | undefined;
}

/** How a run ended. */
export interface RunOutcome extends ToolExit {
  /** Set when the program could not be started. */
  readonly error: Error | undefined;
}

/** A started program. */
export interface StartedTool {
  readonly tool: PgTool;
  readonly child: ChildProcess;
  /** Resolves when it exited and its output is read. */
  readonly finished: Promise<RunOutcome>;
  /**
   * The stderr lines that may explain a failure (progress lines are not kept; of very many,
   * the first and the last ones).
   */
  stderrLines(): string[];
  /** The collected stdout, with `stdout: 'capture'`. */
  stdoutBuffer(): Buffer;
  /** Stop it (SIGTERM: pg_dump and pg_restore then cancel their queries). */
  kill(): void;
}

// Bound the memory used for explaining lines (a restore with ignored errors may print a lot):
// the first ones say what went wrong first, the last ones how it ended.
const KEPT_HEAD = 250;
const KEPT_TAIL = 250;
const PREFIXED = /^(?:pg_dump|pg_restore|psql)(?::[^:\s]+)*: /;

/** Start `tool` with `args`. A failure to start shows in `finished`; only a throwing `onSpawn` throws. */
export function startTool(
  tool: PgTool,
  args: readonly string[],
  context: RunContext,
  options: StartOptions,
): StartedTool {
  context.logger.debug(`running ${tool.path} ${args.join(' ')}`, { tool: tool.name });
  const child = spawn(tool.path, [...args], {
    env: { ...context.env },
    stdio: [
      options.stdin ?? 'ignore',
      options.stdout === 'capture' ? 'pipe' : (options.stdout ?? 'ignore'),
      'pipe',
    ],
    windowsHide: true,
    shell: false,
  });
  const head: string[] = [];
  const tail: string[] = [];
  let dropped = 0;
  const keep = (line: string) => {
    if (head.length < KEPT_HEAD) head.push(line);
    else {
      tail.push(line);
      if (tail.length > KEPT_TAIL) {
        tail.shift();
        dropped++;
      }
    }
  };
  const chunks: Buffer[] = [];
  let keeping = false;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const onAbort = () => kill();
  context.signal?.addEventListener('abort', onAbort, { once: true });

  const readLines = (stream: Readable) =>
    new Promise<void>((resolve) => {
      const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      reader.on('line', (line) => {
        context.logger.debug(line, { tool: tool.name });
        options.onLine?.(line);
        if (PREFIXED.test(line)) keeping = explainingLines([line]).length > 0;
        if (keeping) keep(line);
      });
      reader.on('close', resolve);
    });
  const reading: Promise<void>[] = [];
  if (child.stderr) reading.push(readLines(child.stderr));
  if (options.stdout === 'capture' && child.stdout) {
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    reading.push(new Promise((resolve) => child.stdout?.once('close', () => resolve())));
  }
  // A program that dies early closes its stdin: writing to it must not crash the process.
  child.stdin?.on('error', () => {});

  const finished = new Promise<RunOutcome>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal, error: undefined }));
  }).then(async (outcome) => {
    await Promise.all(reading);
    context.signal?.removeEventListener('abort', onAbort);
    return outcome;
  });
  if (child.pid !== undefined) {
    try {
      context.onSpawn?.({ pid: child.pid, tool: tool.name, args: [...args] });
    } catch (error) {
      // A failing hook must not leave the program running unsupervised.
      kill();
      throw error;
    }
    // The caller may have aborted inside onSpawn, or before: stop right away.
    if (context.signal?.aborted) kill();
  }
  const stderrLines = () =>
    dropped === 0 ? [...head, ...tail] : [...head, `… ${dropped} lines left out`, ...tail];
  return { tool, child, finished, stderrLines, stdoutBuffer: () => Buffer.concat(chunks), kill };
}

/**
 * Throw the error a finished run deserves, if any.
 *
 * @throws {@link PumError} `PUM_ABORTED` when the signal fired, `PUM_EXTERNAL_PROGRAM` when the
 *   program could not be started or failed, `PUM_AUTHENTICATION_FAILED` /
 *   `PUM_CONNECTION_FAILED` when it could not connect.
 */
export function checkOutcome(
  started: StartedTool,
  outcome: RunOutcome,
  context: RunContext,
  doing: string,
  acceptExit: (code: number | null, stderr: readonly string[]) => boolean = (code) => code === 0,
): void {
  if (context.signal?.aborted) {
    throw new PumError(PumErrorCode.Aborted, `${started.tool.name} stopped: ${doing} was cancelled`, {
      cause: context.signal.reason,
      details: { tool: started.tool.name },
    });
  }
  if (outcome.error) {
    throw new PumError(
      PumErrorCode.ExternalProgram,
      `cannot run ${started.tool.name} (${started.tool.path}): ${outcome.error.message}`,
      { cause: outcome.error, details: { tool: started.tool.name, path: started.tool.path } },
    );
  }
  if (outcome.signal !== null || !acceptExit(outcome.code, started.stderrLines())) {
    throw toolFailure(outcome, started.stderrLines(), {
      tool: started.tool.name,
      path: started.tool.path,
      doing,
      connectionLabel: context.connectionLabel,
      secrets: context.secrets,
    });
  }
}

/**
 * Run `tool` to completion.
 *
 * @throws see {@link checkOutcome}.
 */
export async function runTool(
  tool: PgTool,
  args: readonly string[],
  context: RunContext,
  options: StartOptions & {
    readonly acceptExit?: (code: number | null, stderr: readonly string[]) => boolean;
  },
): Promise<{ stdout: Buffer; stderr: string[]; code: number | null }> {
  if (context.signal?.aborted) {
    throw new PumError(PumErrorCode.Aborted, `${options.doing} was cancelled before it started`, {
      cause: context.signal.reason,
    });
  }
  const started = startTool(tool, args, context, options);
  const outcome = await started.finished;
  checkOutcome(started, outcome, context, options.doing, options.acceptExit);
  return { stdout: started.stdoutBuffer(), stderr: started.stderrLines(), code: outcome.code };
}
