/**
 * `command:` hooks: an external program (a project's existing Python script, say) run from the
 * module root, outside any transaction. The connection reaches it through its environment
 * (libpq's `PG*` variables, never a password on its command line), with the run's parameters as
 * `PUM_PARAM_<NAME>` and the module as `PUM_MODULE` / `PUM_MODULE_DIR`.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type Logger, PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import { interruptOnAbort, OWN_PROCESS_GROUP } from './interrupt-child.js';

/** How a command hook runs. */
export interface CommandHookContext {
  /** The module root: the program's working directory, and `PUM_MODULE_DIR`. */
  cwd: string;
  /** The module name, `PUM_MODULE`. */
  module: string;
  /** The base environment of the program; it should name the database (`PGHOST`, `PGDATABASE`…). */
  environment: Readonly<Record<string, string | undefined>>;
  parameters: Readonly<Record<string, ParameterValue | undefined>>;
  /** Receives each line the program writes (stdout as `info`, stderr as `warn`). */
  log: Logger;
  /** Interrupts the program when aborted, as Ctrl-C does (SIGINT to its process group), then kills it. */
  signal?: AbortSignal | undefined;
}

/** How many of the program's last stderr lines a failure quotes. */
const QUOTED_LINES = 10;

/** The environment of a command hook: the base, the module and the parameters. */
export function commandEnvironment(context: CommandHookContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(context.environment)) if (value !== undefined) env[name] = value;
  env.PUM_MODULE = context.module;
  env.PUM_MODULE_DIR = context.cwd;
  for (const [name, parameter] of Object.entries(context.parameters)) {
    if (parameter !== undefined) env[`PUM_PARAM_${name}`] = String(parameter.value);
  }
  return env;
}

/**
 * Run the command hook `file` and wait for it to exit.
 *
 * @throws {@link PumError} `PUM_DELTA_FAILED` when the program cannot be started (missing,
 *   not executable) or exits non-zero or is killed (quoting its last stderr lines),
 *   `PUM_ABORTED` when `signal` stopped it.
 */
export async function runCommandHook(file: DeltaFile, context: CommandHookContext): Promise<void> {
  const command = file.command;
  if (!command) throw new Error(`${file.path} is not a command hook`);
  const options = {
    cwd: context.cwd,
    env: commandEnvironment(context),
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    // Its own process group: a cancel reaches the programs a shell line started (psql) too.
    detached: OWN_PROCESS_GROUP,
  };
  const child =
    'argv' in command
      ? spawn(command.argv[0], command.argv.slice(1), options)
      : spawn(command.shell, { ...options, shell: true });
  // A cancel is a Ctrl-C (psql sends the server a cancel), then a kill after a grace period.
  const stop = context.signal ? interruptOnAbort(child, context.signal) : undefined;
  const tail: string[] = [];
  const lines = (stream: NodeJS.ReadableStream, level: 'info' | 'warn') =>
    new Promise<void>((resolve) => {
      const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      reader.on('line', (line) => {
        context.log[level](line, { hook: file.path });
        if (level === 'warn') {
          tail.push(line);
          if (tail.length > QUOTED_LINES) tail.shift();
        }
      });
      reader.on('close', resolve);
    });
  const output = Promise.all([lines(child.stdout, 'info'), lines(child.stderr, 'warn')]);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    },
  );
  stop?.();
  await output;
  const shown = file.text;
  if (context.signal?.aborted) {
    throw new PumError(PumErrorCode.Aborted, `${file.path}: command hook stopped (${shown})`, {
      details: { path: file.path },
    });
  }
  if (exit.error) {
    // A hook that cannot start failed like one that exits non-zero: the run stops at it, and
    // what the run committed before it stays committed.
    throw new PumError(PumErrorCode.DeltaFailed, `${file.path}: cannot run ${shown}: ${exit.error.message}`, {
      cause: exit.error,
      hint: 'check that the program is installed and on PATH, or give its full path',
      details: { path: file.path },
    });
  }
  if (exit.code !== 0) {
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
    const quoted = tail.length ? `\n  ${tail.join('\n  ')}` : '';
    throw new PumError(PumErrorCode.DeltaFailed, `${file.path}: ${shown} ${how}${quoted}`, {
      details: { path: file.path, exitCode: exit.code, signal: exit.signal, stderr: tail },
    });
  }
}
