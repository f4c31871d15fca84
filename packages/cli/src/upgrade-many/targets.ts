/**
 * The databases of `pum upgrade` over several targets: `--db` given more than once and the
 * lines of `--targets FILE`, each checked (resolved: a URL that parses, a service that exists)
 * before anything connects, so that a bad one stops the run with nothing changed.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { maskConnectionString, type ResolvedConnection } from '@pum/connect';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import { resolveForCli } from '../connection.js';
import type { CliIo } from '../io.js';

/** One database to upgrade. */
export interface UpgradeTarget {
  /** What the user wrote: a URL, a conninfo string or a service name (passes to `--db`). */
  readonly input: string;
  /** How the run names it: the input with its password masked. */
  readonly label: string;
  /** Where it was given: `--db`, or `FILE:LINE`. */
  readonly origin: string;
  /** The connection it resolves to. */
  readonly resolved: ResolvedConnection;
}

/**
 * The lines of a targets file that name a database: one URL, conninfo string or service name
 * per line; blank lines and lines starting with `#` are skipped; surrounding spaces trimmed.
 *
 * @example
 * ```ts
 * targetLines('# utilities\nqwat_a\n\npostgresql://db/qwat_b\n'); // [{ line: 2, text: 'qwat_a' }, { line: 4, … }]
 * ```
 */
export function targetLines(text: string): { line: number; text: string }[] {
  return text.split(/\r?\n/).flatMap((raw, index) => {
    const trimmed = raw.trim();
    return trimmed === '' || trimmed.startsWith('#') ? [] : [{ line: index + 1, text: trimmed }];
  });
}

/** Resolve `input` given at `origin`; a failure names the origin and hides any password. */
function resolveTarget(input: string, origin: string, io: CliIo): UpgradeTarget {
  const label = maskConnectionString(input);
  try {
    return { input, label, origin, resolved: resolveForCli(input, io) };
  } catch (error) {
    if (!isPumError(error)) throw error;
    throw new PumError(PumErrorCode.InvalidArgument, `${origin}: ${label}: ${error.message}`, {
      cause: error,
      ...(error.hint ? { hint: error.hint } : {}),
      details: { origin },
    });
  }
}

/**
 * Every target of the run, `--db` values first, then the file's lines, in order.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for an unreadable or empty file, or a line or
 *   `--db` that does not resolve (named `FILE:LINE`).
 */
export function readTargets(
  dbs: readonly string[],
  targetsFile: string | undefined,
  io: CliIo,
): UpgradeTarget[] {
  const targets = dbs.map((db) => resolveTarget(db, '--db', io));
  if (targetsFile === undefined) return targets;
  const path = isAbsolute(targetsFile) ? targetsFile : resolve(io.cwd, targetsFile);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `--targets ${targetsFile}: cannot read it: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const lines = targetLines(text);
  if (lines.length === 0) {
    throw new PumError(PumErrorCode.InvalidArgument, `--targets ${targetsFile}: names no database`, {
      hint: 'one URL, conninfo string or service name per line; # starts a comment line',
    });
  }
  for (const { line, text: input } of lines) targets.push(resolveTarget(input, `${targetsFile}:${line}`, io));
  return targets;
}
