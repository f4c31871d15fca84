/** Writing a command's `--json` output: one pretty-printed document on stdout. */
import type { CliIo } from './io.js';

/** The `formatVersion` of every command's JSON output (see `json-schemas.ts`). */
export const JSON_FORMAT_VERSION = 1;

/**
 * Write `value` as the command's JSON output.
 *
 * @example
 * ```ts
 * writeJson(io, { command: 'baseline', formatVersion: JSON_FORMAT_VERSION, database, baseline } satisfies BaselineJson);
 * ```
 */
export function writeJson<T extends { command: string; formatVersion: typeof JSON_FORMAT_VERSION }>(
  io: CliIo,
  value: T,
): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** How the JSON outputs name the pg_dump / pg_restore used. */
export function toolJson(tool: { path: string; version: string; major: number; minor: number }) {
  return { path: tool.path, version: tool.version, major: tool.major, minor: tool.minor };
}
