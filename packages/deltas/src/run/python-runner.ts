/**
 * Running PUM's Python hooks and deltas unchanged, with the user's Python: pum starts its runner
 * script (shipped in the package's `python/` directory, which also provides PUM's `HookBase` and
 * `DeltaPy`, first on `PYTHONPATH`). What to run reaches the runner on stdin, the connection only
 * through libpq's `PG*` environment (never its arguments), and the outcome comes back as one JSON
 * line on file descriptor 3.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Logger, PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import { missingPsycopg } from './find-python.js';
import { type Outcome, runnerEnvironment, start } from './python-process.js';

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
    /**
     * The database's version when the file runs (PUM 0.x reads it then): before the upgrade for
     * pre-all, the highest applied so far for later files; `undefined` when there is none.
     */
    currentVersion: string | undefined;
    /** The delta directories, absolute. */
    deltaDirs: readonly string[];
    /** PUM's upgrades table (`-t`), `schema.name`, else pum's history table. */
    upgradesTable: string;
  };
  /** Receives the lines the Python code prints (stdout as `info`, stderr as `warn`). */
  log: Logger;
  signal?: AbortSignal | undefined;
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
