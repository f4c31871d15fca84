/** `pum upgrade --json` over several databases: one document, one entry per database. */
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { UpgradeManyJson } from '../json-schemas.js';
import { statusText, type TargetResult } from './target-result.js';

/** Write the document of `results`, whose worst exit code is `exitCode`. */
export function writeManyJson(io: CliIo, results: readonly TargetResult[], exitCode: ExitCode): void {
  writeJson(io, {
    command: 'upgrade',
    formatVersion: JSON_FORMAT_VERSION,
    exitCode,
    databases: results.map((r) => ({
      database: r.target.label,
      name: r.name,
      origin: r.target.origin,
      started: r.started,
      status: statusText(r),
      exitCode: r.exitCode,
      fromVersion: r.fromVersion ?? null,
      toVersion: r.toVersion ?? null,
      applied: r.applied,
      durationMs: r.durationMs,
      log: r.log ?? null,
      result: r.json as UpgradeManyJson['databases'][number]['result'],
    })),
  } satisfies UpgradeManyJson);
}
