/**
 * Running PUM's Python hooks and deltas unchanged, with the user's Python: pum starts its runner
 * script (shipped in the package's `python/` directory, which also provides PUM's `HookBase` and
 * `DeltaPy`, first on `PYTHONPATH`). What to run reaches the runner on stdin, the connection only
 * through libpq's `PG*` environment (never its arguments), and the outcome comes back as one JSON
 * line on file descriptor 3.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Logger, PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import type { ParameterValue } from '../sql/parameter-value.js';

/** The interpreters tried, in order, when none is given. */
export const DEFAULT_PYTHONS: readonly string[] = ['python3', 'python', 'py'];

/** The service name a PUM 0.x delta's `pg_service` holds: it resolves to the target only. */
export const PUM0_SERVICE_NAME = 'pum_target';

/** How Python files of one run are run. */
export interface PythonContext {
  /** The interpreter (path or name on PATH), as found by {@link findPython}. */
  python: string;
  /** The module root: the working directory, and importable by hooks. */
  cwd: string;
  /** The environment with the target in `PG*` variables and no other connection variable. */
  environment: Readonly<Record<string, string | undefined>>;
  /** The run's typed parameters (PUM 1.x hook arguments, PUM 0.x `variables`). */
  parameters: Readonly<Record<string, ParameterValue | undefined>>;
  /** What a PUM 0.x `DeltaPy` is given besides the parameters. */
  pum0?: {
    /** The version before the upgrade, `undefined` when there is none. */
    currentVersion: string | undefined;
    /** The delta directories, absolute. */
    deltaDirs: readonly string[];
    /** The history table, `schema.name`. */
    upgradesTable: string;
  };
  /** Receives the lines the Python code prints (stdout as `info`, stderr as `warn`). */
  log: Logger;
  signal?: AbortSignal | undefined;
}

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

/** The runner's outcome. */
type Outcome =
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

interface Started {
  child: ChildProcess;
  outcome: Promise<Outcome | undefined>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  tail: string[];
}

/** The variables of a runner: the base (already the target's `PG*`), the shim first on PYTHONPATH. */
function runnerEnvironment(
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

function start(
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
    detached: process.platform !== 'win32',
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

/** After SIGINT, how long a hook has to cancel its query and roll back before it is killed. */
const INTERRUPT_GRACE_MS = 10_000;

/**
 * On abort, interrupt the runner as Ctrl-C would (SIGINT to its process group): psycopg cancels
 * the running query on the server and the runner rolls back — a killed client would leave its
 * query running and its locks held. Killed if still there after {@link INTERRUPT_GRACE_MS}.
 * Returns a function that stops watching.
 */
function interruptOnAbort(child: ChildProcess, signal: AbortSignal): () => void {
  let timer: NodeJS.Timeout | undefined;
  const send = (name: NodeJS.Signals) => {
    try {
      if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone.
    }
  };
  const onAbort = () => {
    send('SIGINT');
    timer = setTimeout(() => send('SIGKILL'), INTERRUPT_GRACE_MS);
    timer.unref();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    if (timer) clearTimeout(timer);
  };
}

/** One clear line about a Python without psycopg. */
function missingPsycopg(python: string, where: string): PumError {
  return new PumError(
    PumErrorCode.ExternalProgram,
    `${where}: the Python at ${python} cannot import psycopg, which PUM hooks are given their connection with`,
    {
      hint: 'install it for that Python (Debian/Ubuntu: apt install python3-psycopg python3-psycopg2; else: python3 -m pip install psycopg), or point pum at a Python that has it (QGIS/OSGeo4W ship one) with --python PATH or PUM_PYTHON',
      details: { python },
    },
  );
}

/** What {@link findPython} found. */
export interface FoundPython {
  /** The interpreter as given (or the candidate that worked). */
  python: string;
  /** Its version (`3.11.2`). */
  version: string;
  /** The psycopg module it has (`psycopg` or `psycopg2`), `null` when none. */
  driver: string | null;
  /** Dependencies importable but whose version cannot be told, as lines for a warning. */
  warnings: string[];
}

/** One `dependencies:` entry of a PUM 1.x `.pum.yaml`: a Python package and its version range. */
export interface PythonDependency {
  name: string;
  minimum_version?: string | undefined;
  maximum_version?: string | undefined;
}

/** The version range of `dependency`, for messages (`pirogue >= 3.0.0`). */
function rangeOf(dependency: PythonDependency): string {
  const parts = [
    dependency.minimum_version ? `>= ${dependency.minimum_version}` : '',
    dependency.maximum_version ? `<= ${dependency.maximum_version}` : '',
  ].filter(Boolean);
  return [dependency.name, ...parts].join(' ');
}

/** Throw on a missing or out-of-range dependency; lines to warn about for unknown versions. */
function checkDependencies(
  python: string,
  wanted: readonly PythonDependency[],
  found: readonly { name: string; version: string | null; problem?: string }[],
): string[] {
  const warnings: string[] = [];
  for (const result of found) {
    const dependency = wanted.find((d) => d.name === result.name) ?? { name: result.name };
    const hint = `install it for that Python (pip install "${rangeOf(dependency).replace(' >= ', '>=').replace(' <= ', '<=')}"; pum never installs packages), or point pum at a Python that has it with --python PATH or PUM_PYTHON`;
    if (result.problem === 'missing') {
      throw new PumError(
        PumErrorCode.ExternalProgram,
        `.pum.yaml dependencies: ${rangeOf(dependency)} is not installed for the Python at ${python}`,
        { hint, details: { dependency: result.name } },
      );
    }
    if (result.problem === 'too-old' || result.problem === 'too-new') {
      throw new PumError(
        PumErrorCode.ExternalProgram,
        `.pum.yaml dependencies: ${rangeOf(dependency)} is needed, the Python at ${python} has ${result.name} ${result.version}`,
        { hint, details: { dependency: result.name, version: result.version } },
      );
    }
    if (result.problem === 'unknown-version') {
      warnings.push(
        `.pum.yaml dependencies: ${result.name} is importable but its version cannot be told; ${rangeOf(dependency)} not checked`,
      );
    }
  }
  return warnings;
}

/**
 * Find a working Python before anything runs: `python` when given, else the first of
 * {@link DEFAULT_PYTHONS} that starts, checking that it can import psycopg when `needsPsycopg`,
 * and the `dependencies` (importable; version from package metadata or `__version__`, within
 * the range; an unknown version is a warning in {@link FoundPython.warnings}).
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` with one line saying what to install or pass,
 *   naming a missing or out-of-range dependency and its version.
 * @example
 * ```ts
 * const { python, version } = await findPython({ python: '/usr/bin/python3', needsPsycopg: true, cwd: '.', environment: {} });
 * ```
 */
export async function findPython(options: {
  python?: string | undefined;
  needsPsycopg: boolean;
  cwd: string;
  environment: Readonly<Record<string, string | undefined>>;
  /** Named in messages: the files that need Python. */
  neededBy?: string | undefined;
  /** PUM 1.x `dependencies:` to check with the interpreter found. */
  dependencies?: readonly PythonDependency[] | undefined;
}): Promise<FoundPython> {
  const candidates = options.python !== undefined ? [options.python] : DEFAULT_PYTHONS;
  const where = options.neededBy ?? 'Python hooks';
  for (const python of candidates) {
    const started = start(
      python,
      { mode: 'check', needsPsycopg: options.needsPsycopg, dependencies: options.dependencies ?? [] },
      {
        cwd: options.cwd,
        env: runnerEnvironment(options.environment, {}),
      },
    );
    const [exit, outcome] = await Promise.all([started.exit, started.outcome]);
    if (exit.error || !outcome) {
      if (options.python !== undefined) {
        const why = exit.error
          ? exit.error.message
          : `it exited with code ${exit.code}: ${started.tail.join(' ')}`;
        throw new PumError(
          PumErrorCode.ExternalProgram,
          `${where}: cannot run the Python ${python} (${why})`,
          {
            hint: 'give the path of a Python 3 interpreter with --python PATH or PUM_PYTHON',
            details: { python },
          },
        );
      }
      continue;
    }
    if ('missing' in outcome) throw missingPsycopg(python, where);
    if ('ok' in outcome) {
      const warnings = checkDependencies(python, options.dependencies ?? [], outcome.dependencies ?? []);
      return { python, version: outcome.python ?? '', driver: outcome.driver ?? null, warnings };
    }
  }
  throw new PumError(
    PumErrorCode.ExternalProgram,
    `${where}: no Python found (tried ${candidates.join(', ')} on PATH)`,
    {
      hint: 'install Python 3 with psycopg (Debian/Ubuntu: apt install python3 python3-psycopg), or give one with --python PATH or PUM_PYTHON (a QGIS/OSGeo4W Python works)',
    },
  );
}

/** The non-secret libpq keywords a service section takes from the environment. */
const SERVICE_KEYWORDS: Readonly<Record<string, string>> = {
  PGHOST: 'host',
  PGHOSTADDR: 'hostaddr',
  PGPORT: 'port',
  PGDATABASE: 'dbname',
  PGUSER: 'user',
  PGSSLMODE: 'sslmode',
  PGSSLROOTCERT: 'sslrootcert',
  PGSSLCERT: 'sslcert',
  PGSSLKEY: 'sslkey',
  PGCONNECT_TIMEOUT: 'connect_timeout',
  PGTARGETSESSIONATTRS: 'target_session_attrs',
};

/**
 * A temporary service file (directory and file readable by the user only) whose one service,
 * {@link PUM0_SERVICE_NAME}, names the target. The password stays in `PGPASSWORD` of the
 * environment, never in the file.
 */
function writeServiceFile(environment: Readonly<Record<string, string | undefined>>): {
  file: string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'pum-python-'));
  const lines = [`[${PUM0_SERVICE_NAME}]`];
  for (const [variable, keyword] of Object.entries(SERVICE_KEYWORDS)) {
    const value = environment[variable];
    if (value !== undefined && !/[\r\n]/.test(value)) lines.push(`${keyword}=${value}`);
  }
  const file = join(dir, 'pg_service.conf');
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The message of a Python failure: the file, where it was raised, the Python error. */
function failureMessage(file: DeltaFile, error: Extract<Outcome, { error: unknown }>['error']): PumError {
  const at = error.inFile ? `${file.path}:${error.inFile.line}` : file.path;
  const raised =
    error.last && (!error.inFile || error.last.file !== file.absolutePath)
      ? `\n  raised at ${error.last.file}:${error.last.line} in ${error.last.function}${error.last.code ? `: ${error.last.code}` : ''}`
      : error.inFile?.code
        ? `\n  ${error.inFile.code}`
        : '';
  const missing = error.type === 'ModuleNotFoundError' && error.module;
  return new PumError(PumErrorCode.DeltaFailed, `${at}: ${error.type}: ${error.message}${raised}`, {
    ...(missing
      ? {
          hint: `install the Python module ${error.module} for the Python pum runs (Debian: apt install python3-${error.module}; else pip), or point pum at a Python that has it with --python PATH or PUM_PYTHON`,
        }
      : {}),
    details: {
      path: file.path,
      pythonError: error.type,
      ...(error.inFile ? { line: error.inFile.line } : {}),
    },
  });
}

/**
 * Run one Python hook (PUM 1.x) or delta (PUM 0.x) on a connection of its own and wait for it.
 * A PUM 1.x hook's work is committed when `run_hook` returns and rolled back when it raises; a
 * PUM 0.x delta does its own connections.
 *
 * @throws {@link PumError} `PUM_DELTA_FAILED` naming the file, the line and the Python error;
 *   `PUM_EXTERNAL_PROGRAM` when Python or psycopg is missing; `PUM_ABORTED` when `signal` stopped it.
 */
export async function runPythonFile(
  file: DeltaFile,
  layout: 'pum0' | 'pum1',
  context: PythonContext,
): Promise<void> {
  const extra: Record<string, string> = {};
  let service: { file: string; remove(): void } | undefined;
  if (layout === 'pum0') {
    service = writeServiceFile(context.environment);
    extra.PGSERVICEFILE = service.file;
  }
  try {
    const parameters: Record<string, { type: string; value: unknown }> = {};
    for (const [name, p] of Object.entries(context.parameters)) {
      if (p !== undefined)
        parameters[name] = { type: p.type, value: typeof p.value === 'bigint' ? String(p.value) : p.value };
    }
    const spec = {
      mode: layout,
      file: file.absolutePath,
      root: context.cwd,
      parameters,
      ...(layout === 'pum0'
        ? {
            pum0: {
              currentVersion: context.pum0?.currentVersion ?? null,
              // PUM 0.x gave the directory with a trailing separator; old deltas rely on it.
              deltaDir: `${dirname(file.absolutePath)}${file.absolutePath.includes('\\') ? '\\' : '/'}`,
              deltaDirs: context.pum0?.deltaDirs ?? [dirname(file.absolutePath)],
              pgService: PUM0_SERVICE_NAME,
              upgradesTable: context.pum0?.upgradesTable ?? '',
            },
          }
        : {}),
    };
    const started = start(context.python, spec, {
      cwd: context.cwd,
      env: runnerEnvironment(context.environment, extra),
      log: context.log,
      label: file.path,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    const [exit, outcome] = await Promise.all([started.exit, started.outcome]);
    if (context.signal?.aborted) {
      throw new PumError(PumErrorCode.Aborted, `${file.path}: Python hook stopped`, {
        details: { path: file.path },
      });
    }
    if (exit.error) {
      throw new PumError(
        PumErrorCode.ExternalProgram,
        `${file.path}: cannot run the Python ${context.python}: ${exit.error.message}`,
        {
          cause: exit.error,
          hint: 'give the path of a Python 3 interpreter with --python PATH or PUM_PYTHON',
          details: { path: file.path },
        },
      );
    }
    if (outcome && 'missing' in outcome) throw missingPsycopg(context.python, file.path);
    if (outcome && 'error' in outcome) throw failureMessage(file, outcome.error);
    if (!outcome || exit.code !== 0) {
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      const quoted = started.tail.length ? `\n  ${started.tail.join('\n  ')}` : '';
      throw new PumError(PumErrorCode.DeltaFailed, `${file.path}: Python ${how}${quoted}`, {
        details: { path: file.path, exitCode: exit.code, signal: exit.signal },
      });
    }
  } finally {
    service?.remove();
  }
}
