/**
 * The `--json` output of a failed command: one object on stdout, so a script or a CI artifact
 * that reads stdout gets the error (code, message, exit code, what was changed) instead of nothing.
 */
import { isPumError } from '@pum/core';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { JSON_FORMAT_VERSION } from './json-output.js';
import type { ErrorJson } from './json-schemas.js';

/**
 * The error object of `command`'s failure with `exitCode`.
 *
 * @example
 * ```ts
 * errorJson('upgrade', error, reportError(error, io));
 * ```
 */
export function errorJson(command: string, error: unknown, exitCode: ExitCode): ErrorJson {
  const pum = isPumError(error);
  const code = pum ? error.code : exitCode === ExitCode.Interrupted ? 'PUM_ABORTED' : 'PUM_INTERNAL';
  return {
    command,
    formatVersion: JSON_FORMAT_VERSION,
    ok: false,
    error: {
      code,
      message: error instanceof Error ? error.message : String(error),
      hint: pum ? (error.hint ?? null) : null,
      details: pum ? { ...error.details } : {},
    },
    exitCode,
    changed: pum ? [...error.changed] : [],
  };
}

/** The error object of a command line that was rejected before any command ran. */
export function usageErrorJson(command: string, message: string): ErrorJson {
  return {
    command,
    formatVersion: JSON_FORMAT_VERSION,
    ok: false,
    error: { code: 'PUM_USAGE', message, hint: 'run "pum help" for usage', details: {} },
    exitCode: ExitCode.Usage,
    changed: [],
  };
}

/** Write `value` on stdout; values JSON cannot hold (bigint, a cycle) become text or a marker. */
export function writeErrorJson(io: CliIo, value: ErrorJson): void {
  const seen = new WeakSet<object>();
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Error) return v.message;
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[repeated]';
        seen.add(v);
      }
      return v;
    },
    2,
  );
  io.stdout.write(`${text}\n`);
}
