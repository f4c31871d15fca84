/** The JSON form of a diff report: the report itself, two-space indented. */
import type { DiffReport } from './report.js';

/**
 * Write a report as JSON (schema: {@link diffReportJsonSchema}).
 *
 * @example
 * ```ts
 * writeFileSync('check.json', formatJson(report));
 * ```
 */
export function formatJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
