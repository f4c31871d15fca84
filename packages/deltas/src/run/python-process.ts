/**
 * The process of pum's Python runner: the shim directory first on `PYTHONPATH`, what to run on
 * stdin, the outcome as one JSON line on file descriptor 3, the output as log lines, and a
 * cancel delivered as Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@pum/core';
import { interruptOnAbort, OWN_PROCESS_GROUP } from './interrupt-child.js';

/** The directory holding pum's Python shim (`pum/`, `pum_shim_runner.py`). */
export function shimDirectory(): string {
  // From src/run (tests) or dist (built), the package root is a few levels up.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'python');
    if (existsSync(join(candidate, 'pum_shim_runner.py'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('the python/ directory of @pum/deltas is missing');
}

/** The arguments that make `python` run the runner (`py` is the Windows launcher: `py -3`). */
function argvOf(python: string): string[] {
  const runner = join(shimDirectory(), 'pum_shim_runner.py');
  return /(^|[\\/])py(\.exe)?$/i.test(python) ? ['-3', runner] : [runner];
}

/** What the runner reports on file descriptor 3. */
export type Outcome =
  | {
      ok: true;
      python?: string;
      executable?: string;
      driver?: string | null;
      dependencies?: { name: string; version: string | null; problem?: string }[];
    }
  | { missing: 'psycopg' }
  | {
      error: {
        type: string;
        message: string;
        module?: string | null;
        last?: { file: string; line: number; function: string; code: string | null };
        inFile?: { line: number; function: string; code: string | null };
      };
    };

/** A started runner. */
export interface Started {
  child: ChildProcess;
  outcome: Promise<Outcome | undefined>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  tail: string[];
}

/** The variables of a runner: the base (already the target's `PG*`), the shim first on PYTHONPATH. */
export function runnerEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  extra: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  const inherited = env.PYTHONPATH;
  env.PYTHONPATH = inherited ? `${shimDirectory()}${delimiter}${inherited}` : shimDirectory();
  // No __pycache__ written into the user's module; output as it comes.
  env.PYTHONDONTWRITEBYTECODE = '1';
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING = 'utf-8';
  return Object.assign(env, extra);
}

/** Start the runner with `spec` on its stdin. */
export function start(
  python: string,
  spec: unknown,
  options: { cwd: string; env: Record<string, string>; log?: Logger; label?: string; signal?: AbortSignal },
): Started {
  const child = spawn(python, argvOf(python), {
    cwd: options.cwd,
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
    // Its own process group: a cancel reaches the programs it started (psql) too.
    detached: OWN_PROCESS_GROUP,
  });
  const stop = options.signal ? interruptOnAbort(child, options.signal) : undefined;
  const tail: string[] = [];
  const lines = (stream: NodeJS.ReadableStream | null, level: 'info' | 'warn') =>
    new Promise<void>((resolve) => {
      if (!stream) return resolve();
      const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      reader.on('line', (line) => {
        options.log?.[level](line, options.label ? { hook: options.label } : undefined);
        if (level === 'warn') {
          tail.push(line);
          if (tail.length > 10) tail.shift();
        }
      });
      reader.on('close', resolve);
    });
  const output = Promise.all([lines(child.stdout, 'info'), lines(child.stderr, 'warn')]);
  const report = child.stdio[3] as NodeJS.ReadableStream | null;
  const outcome = new Promise<Outcome | undefined>((resolve) => {
    if (!report) return resolve(undefined);
    let text = '';
    report.setEncoding('utf8');
    report.on('data', (chunk: string) => {
      text += chunk;
    });
    report.on('error', () => resolve(undefined));
    report.on('close', () => {
      const first = text.split('\n').find((line) => line.trim() !== '');
      try {
        resolve(first ? (JSON.parse(first) as Outcome) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    },
  ).then(async (result) => {
    stop?.();
    await output;
    return result;
  });
  child.stdin?.on('error', () => {});
  child.stdin?.end(JSON.stringify(spec));
  return { child, outcome, exit, tail };
}
