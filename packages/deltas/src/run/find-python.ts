/**
 * Finding the user's Python before anything runs, and checking that it has psycopg and the
 * module's `dependencies:`.
 */
import { PumError, PumErrorCode } from '@pum/core';
import { runnerEnvironment, start } from './python-process.js';

/** The interpreters tried, in order, when none is given. */
export const DEFAULT_PYTHONS: readonly string[] = ['python3', 'python', 'py'];

/** One clear line about a Python without psycopg. */
export function missingPsycopg(python: string, where: string): PumError {
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
