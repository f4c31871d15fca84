/** Rendering a diff report as text, JSON or HTML: `pum check`'s output and `test-and-upgrade --report`. */
import { extname } from 'node:path';
import { type DiffReport, type FormatTextOptions, formatHtml, formatJson, formatText } from '@pum/diff';
import { describeCommandLine } from './command-line.js';
import type { Colors } from './io.js';

/** The formats a diff report is written in. */
export type ReportFormat = 'text' | 'json' | 'html';

/**
 * The format a report file's name asks for: `.json` → JSON, `.html`/`.htm` → HTML, anything
 * else → plain text.
 */
export function reportFormatOf(file: string): ReportFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.html' || extension === '.htm') return 'html';
  return 'text';
}

/** How {@link renderReport} writes a report. */
export interface RenderReportOptions {
  /** The command line that made the report, shown (passwords masked) in an HTML report's header. */
  argv?: readonly string[];
  /** Colours of a text report (none for a file). */
  colors?: Colors;
  /** A text report's detail; default `fields`. */
  detail?: FormatTextOptions['detail'];
}

/** `report` as the text of `format`. */
export function renderReport(
  report: DiffReport,
  format: ReportFormat,
  options: RenderReportOptions = {},
): string {
  if (format === 'json') return formatJson(report);
  if (format === 'html') {
    return formatHtml(report, {
      ...(options.argv ? { command: describeCommandLine(options.argv) } : {}),
      generatedAt: new Date(),
    });
  }
  const c = options.colors;
  return formatText(report, {
    detail: options.detail ?? 'fields',
    ...(c
      ? { style: { added: c.green, removed: c.red, changed: c.yellow, heading: c.bold, dim: c.dim } }
      : {}),
  });
}
