/** The summary of `pum upgrade` over several databases: one table, one row per database. */
import type { Colors } from '../io.js';
import { statusText, type TargetResult } from './target-result.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `1.0.0 → 1.2.0`, `– → 1.0.0` for a first install, `?` when a failure came before it was read. */
function versions(result: TargetResult): string {
  if (!result.started) return '–';
  if (result.fromVersion === undefined && result.toVersion === undefined)
    return result.exitCode === 0 ? '–' : '?';
  const from = result.fromVersion ?? '–';
  const to = result.toVersion ?? from;
  return from === to ? from : `${from} → ${to}`;
}

/**
 * The table, columns aligned: database, versions, files applied, status, duration; then a line
 * counting the outcomes.
 *
 * @example
 * ```ts
 * io.stdout.write(summaryTable(results, colorsFor(io.stdout, io.env)));
 * ```
 */
export function summaryTable(results: readonly TargetResult[], c: Colors): string {
  const header = ['database', 'version', 'files', 'status', 'duration'];
  const rows = results.map((r) => [
    r.name,
    versions(r),
    r.started ? String(r.applied) : '–',
    statusText(r),
    r.started ? seconds(r.durationMs) : '–',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const failed = results.filter((r) => r.started && r.exitCode !== 0).length;
  const skipped = results.filter((r) => !r.started).length;
  const ok = results.length - failed - skipped;
  const body = rows.map((row, i) => {
    const text = line(row);
    const result = results[i] as TargetResult;
    return !result.started ? c.dim(text) : result.exitCode !== 0 ? c.red(text) : text;
  });
  const counts = [`${ok} ok`, `${failed} failed`, ...(skipped > 0 ? [`${skipped} not started`] : [])];
  return `${[c.bold(line(header)), ...body].join('\n')}\n${results.length} database(s): ${counts.join(', ')}\n`;
}
