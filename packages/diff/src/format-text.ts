/** The text form of a diff report, grouped by kind, for terminals and logs. */
import { displayValue } from './format-value.js';
import { kindInWords } from './kinds.js';
import {
  type DiffCounts,
  type DiffReport,
  hasDataDifferences,
  type KindDifferences,
  type TableDataDifference,
} from './report.js';

/** Styling hooks for {@link formatText}; each defaults to returning its text unchanged. */
export interface TextStyle {
  added?: (text: string) => string;
  removed?: (text: string) => string;
  changed?: (text: string) => string;
  heading?: (text: string) => string;
  dim?: (text: string) => string;
}

/** Options of {@link formatText}. */
export interface FormatTextOptions {
  /** Colours, e.g. from picocolors; none by default (libraries never decide about terminals). */
  style?: TextStyle;
  /**
   * How much to write: `summary` (the counts line), `objects` (plus each object's name) or
   * `fields` (plus each changed field and its values). Default `fields`.
   */
  detail?: 'summary' | 'objects' | 'fields';
}

const plain = (text: string) => text;

/** `3 added, 1 removed, 2 changed`, leaving out zeros. */
export function describeCounts(counts: DiffCounts): string {
  const parts = [
    counts.added ? `${counts.added} added` : '',
    counts.removed ? `${counts.removed} removed` : '',
    counts.changed ? `${counts.changed} changed` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no differences';
}

/** The counts of one kind's differences. */
export function countsOf(kind: KindDifferences): DiffCounts {
  return { added: kind.added.length, removed: kind.removed.length, changed: kind.changed.length };
}

function indentBlock(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}

/**
 * Write a report as text: a summary line, then one section per kind with `+` added, `-`
 * removed and `~` changed objects, each changed field with its two values.
 *
 * @example
 * ```ts
 * console.log(formatText(report, { style: { added: pc.green, removed: pc.red, changed: pc.yellow } }));
 * ```
 */
export function formatText(report: DiffReport, options: FormatTextOptions = {}): string {
  const s = {
    added: options.style?.added ?? plain,
    removed: options.style?.removed ?? plain,
    changed: options.style?.changed ?? plain,
    heading: options.style?.heading ?? plain,
    dim: options.style?.dim ?? plain,
  };
  const lines: string[] = [];
  lines.push(
    `${s.heading(`${report.from.label} → ${report.to.label}`)}: ${describeCounts(report.summary)}${describeData(report)}`,
  );
  const detail = options.detail ?? 'fields';
  if (detail === 'summary') return `${lines.join('\n')}\n`;
  for (const warning of report.warnings) lines.push(s.dim(`note: ${warning}`));
  if (report.ignoredKinds.length)
    lines.push(s.dim(`not compared: ${report.ignoredKinds.map(kindInWords).join(', ')}`));
  for (const line of describeIgnored(report)) lines.push(s.dim(line));
  for (const kind of report.differences) {
    lines.push('', s.heading(`${kindInWords(kind.kind)} (${describeCounts(countsOf(kind))})`));
    for (const item of kind.added) lines.push(s.added(`  + ${item.name}`));
    for (const item of kind.removed) lines.push(s.removed(`  - ${item.name}`));
    for (const item of kind.changed) {
      lines.push(s.changed(`  ~ ${item.name}`));
      if (detail === 'objects') continue;
      for (const change of item.changes) {
        const from = displayValue(change.from);
        const to = displayValue(change.to);
        if (from.includes('\n') || to.includes('\n') || from.length + to.length > 100) {
          lines.push(`      ${change.field}:`);
          lines.push(s.removed(indentBlock(from, '        - ')));
          lines.push(s.added(indentBlock(to, '        + ')));
        } else {
          lines.push(`      ${change.field}: ${s.removed(from)} → ${s.added(to)}`);
        }
      }
    }
  }
  if (detail === 'fields' && report.equivalent.length > 0) {
    lines.push(
      '',
      s.heading(`same expression printed differently (${report.equivalent.length}, not differences)`),
    );
    for (const item of report.equivalent) {
      lines.push(s.dim(`  = ${kindInWords(item.kind)} ${item.name}: ${item.field}`));
      lines.push(s.dim(indentBlock(item.from, '      from ')), s.dim(indentBlock(item.to, '      to   ')));
    }
  }
  for (const table of report.data) {
    lines.push('', s.heading(`data ${table.table} (${describeTableData(table)})`));
    if (detail === 'objects') continue;
    for (const row of table.samples.added) lines.push(s.added(`  + ${row}`));
    for (const row of table.samples.removed) lines.push(s.removed(`  - ${row}`));
    for (const change of table.samples.changed) {
      lines.push(
        s.changed(`  ~ ${change.key}`),
        s.removed(`      - ${change.from}`),
        s.added(`      + ${change.to}`),
      );
    }
    const shown = table.samples.added.length + table.samples.removed.length + table.samples.changed.length;
    const total = table.added + table.removed + table.changed;
    if (shown < total) lines.push(s.dim(`  … ${total - shown} more`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One line per rule that left differences out:
 * `ignored: 348 differences by columns.position (--ignore-field)`.
 */
export function describeIgnored(report: DiffReport): string[] {
  return report.ignored.map(
    (entry) =>
      `ignored: ${entry.differences} difference${entry.differences === 1 ? '' : 's'} by ${entry.rule} (${entry.source})`,
  );
}

/** `; rows differ in 2 of 5 tables`, or nothing without a data check. */
export function describeData(report: DiffReport): string {
  if (report.data.length === 0) return '';
  const differing = report.data.filter(hasDataDifferences).length;
  return differing
    ? `; rows differ in ${differing} of ${report.data.length} tables`
    : `; rows equal in ${report.data.length} tables`;
}

/** `primary key, 10 → 11 rows: 1 added, 1 changed`. */
export function describeTableData(table: TableDataDifference): string {
  return `${table.mode}, ${table.fromRows} → ${table.toRows} rows: ${describeCounts(table)}`;
}
