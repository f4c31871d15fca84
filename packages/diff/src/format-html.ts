/**
 * The HTML form of a diff report: one self-contained page (inline CSS, no scripts, no external
 * resources) for a person to read, on a desk or a phone: a header saying what was compared (the
 * command, both sides and their servers, when), a summary that stays in view while scrolling,
 * then one collapsible section per kind (`<details>`, no script needed) whose entries carry one
 * marker each: `+` added, `−` removed, `~` changed.
 */

import { countsOf, describeCounts, describeData, describeIgnored, describeTableData } from './format-text.js';
import { displayValue } from './format-value.js';
import { kindInWords } from './kinds.js';
import type { DiffReport, KindDifferences, ObjectDifference, TableDataDifference } from './report.js';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Options of {@link formatHtml}. */
export interface FormatHtmlOptions {
  /** Page title; default `pum check: <from> → <to>`. */
  title?: string;
  /**
   * The command that made the report, shown in the header (e.g. `pum check prod ref.json
   * --format html`). Written as given: mask passwords before passing it. Left out when absent.
   */
  command?: string;
  /**
   * When the report was made, shown in the header in UTC. Left out when absent: the formatter
   * reads no clock, so the same report gives the same page.
   */
  generatedAt?: Date;
}

const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:0 1rem 2rem;color:#1d2430;background:#fff;overflow-wrap:anywhere}
h1{font-size:1.35rem;margin:1rem 0 .5rem}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:0 0 .8rem}
.facts dt{color:#57606a}.facts dd{margin:0;min-width:0}
.summary{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #d0d7de;padding:.4rem 0;margin-bottom:.5rem}
.summary p{margin:0 0 .3rem}
.summary ul{display:flex;flex-wrap:wrap;gap:.3rem .4rem;margin:0;padding:0 0 .2rem;list-style:none}
@media (max-width:40rem){.summary ul{flex-wrap:nowrap;overflow-x:auto}}
.summary li{white-space:nowrap;border:1px solid #d0d7de;border-radius:1rem;padding:0 .6rem;font-size:.9em}
.summary a{color:inherit}
details.kind{border:1px solid #d0d7de;border-radius:.4rem;margin:.6rem 0;padding:0 .7rem;scroll-margin-top:5rem}
details.kind>summary{cursor:pointer;padding:.45rem 0}
details.kind>summary h2{display:inline;font-size:1.1rem;margin:0}
ul.entries{list-style:none;margin:0 0 .6rem;padding:0}
li.entry{margin:.25rem 0}
.line{display:flex;align-items:baseline;gap:.2rem}.line code{min-width:0}
li.entry summary{list-style:none;cursor:pointer}
li.entry summary::-webkit-details-marker{display:none}
li.entry summary code{text-decoration:underline dotted}
li.entry table,li.entry>details>pre{color:#1d2430}
.marker{flex:none;width:1.2em;font-weight:700;text-align:center}
.added{color:#116329}.removed{color:#a40e26}.changed{color:#7d4e00}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.3rem 0;width:100%;table-layout:fixed}
th,td{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}th.field{width:25%}
pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.4 ui-monospace,monospace}
code{font:13px ui-monospace,monospace}
td.from{background:#ffebe9}td.to{background:#dafbe1}.note{color:#57606a}
`;

const e = escapeHtml;

type Mark = 'added' | 'removed' | 'changed';
const MARKS: Record<Mark, string> = { added: '+', removed: '−', changed: '~' };

/** The one marker of an entry; its meaning is in its title for people and screen readers. */
function marker(mark: Mark): string {
  return `<span class="marker" title="${mark}">${MARKS[mark]}</span>`;
}

/** The marker and name of an entry, on one line (a long name wraps beside its marker). */
function line(mark: Mark, name: string, tag: 'div' | 'summary' = 'div'): string {
  return `<${tag} class="line">${marker(mark)}<code>${e(name)}</code></${tag}>`;
}

/** A table of before/after values; the first column is named `first`. */
function valueTable(report: DiffReport, first: string, rows: string[][]): string {
  return `<div class="scroll"><table><tr><th class="field">${e(first)}</th><th>${e(report.from.label)}</th><th>${e(
    report.to.label,
  )}</th></tr>${rows
    .map(
      ([name, from, to]) =>
        `<tr><td><code>${e(name ?? '')}</code></td><td class="from"><pre>${e(from ?? '')}</pre></td><td class="to"><pre>${e(to ?? '')}</pre></td></tr>`,
    )
    .join('')}</table></div>`;
}

function objectEntry(item: ObjectDifference, mark: 'added' | 'removed'): string {
  return `<li class="entry ${mark}"><details>${line(mark, item.name, 'summary')}<pre>${e(
    JSON.stringify(item.object, null, 2),
  )}</pre></details></li>`;
}

/** A collapsible section, open by default. */
function section(id: string, heading: string, note: string, body: string, extraClass = ''): string {
  return `<details class="kind${extraClass}" id="${e(id)}" open><summary><h2>${heading}</h2> <span class="note">(${e(
    note,
  )})</span></summary>${body}</details>`;
}

function kindSection(report: DiffReport, k: KindDifferences): string {
  const entries = [
    ...k.added.map((item) => objectEntry(item, 'added')),
    ...k.removed.map((item) => objectEntry(item, 'removed')),
    ...k.changed.map(
      (item) =>
        `<li class="entry changed">${line('changed', item.name)}${valueTable(
          report,
          'field',
          item.changes.map((c) => [c.field, displayValue(c.from), displayValue(c.to)]),
        )}</li>`,
    ),
  ];
  return section(
    `kind-${k.kind}`,
    e(kindInWords(k.kind)),
    describeCounts(countsOf(k)),
    `<ul class="entries">${entries.join('')}</ul>`,
  );
}

function dataSection(report: DiffReport, t: TableDataDifference): string {
  const entries = [
    ...t.samples.added.map((row) => `<li class="entry added">${line('added', row)}</li>`),
    ...t.samples.removed.map((row) => `<li class="entry removed">${line('removed', row)}</li>`),
    ...t.samples.changed.map(
      (c) =>
        `<li class="entry changed">${line('changed', c.key)}${valueTable(report, 'row', [
          ['', c.from, c.to],
        ])}</li>`,
    ),
  ];
  const shown = entries.length;
  const total = t.added + t.removed + t.changed;
  const more = shown < total ? `<p class="note">… ${total - shown} more</p>` : '';
  return section(
    `data-${t.table}`,
    `data <code>${e(t.table)}</code>`,
    describeTableData(t),
    `<ul class="entries">${entries.join('')}</ul>${more}`,
    ' data',
  );
}

function sideFacts(side: DiffReport['from']): string {
  return `${e(side.label)} <span class="note">(PostgreSQL ${side.serverMajor}${side.postgis ? `, PostGIS ${e(side.postgis)}` : ''})</span>`;
}

/** `2026-12-07 03:55:12 UTC`. */
function utc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function header(report: DiffReport, title: string, options: FormatHtmlOptions): string {
  const facts = [
    options.command === undefined ? '' : `<dt>command</dt><dd><code>${e(options.command)}</code></dd>`,
    `<dt>from</dt><dd>${sideFacts(report.from)}</dd>`,
    `<dt>to</dt><dd>${sideFacts(report.to)}</dd>`,
    options.generatedAt === undefined
      ? ''
      : `<dt>made</dt><dd><time datetime="${e(options.generatedAt.toISOString())}">${e(utc(options.generatedAt))}</time></dd>`,
  ].join('');
  return `<header><h1>${e(title)}</h1><dl class="facts">${facts}</dl></header>`;
}

function summary(report: DiffReport): string {
  const chips = [
    ...report.differences.map(
      (k) =>
        `<li><a href="#kind-${e(k.kind)}">${e(kindInWords(k.kind))}</a> <span class="added">+${k.added.length}</span> <span class="removed">−${k.removed.length}</span> <span class="changed">~${k.changed.length}</span></li>`,
    ),
    ...report.data.map(
      (t) =>
        `<li><a href="#data-${e(t.table)}">data ${e(t.table)}</a> <span class="added">+${t.added}</span> <span class="removed">−${t.removed}</span> <span class="changed">~${t.changed}</span></li>`,
    ),
  ];
  return `<nav class="summary" aria-label="summary"><p><strong>${e(
    describeCounts(report.summary) + describeData(report),
  )}</strong></p>${chips.length ? `<ul>${chips.join('')}</ul>` : ''}</nav>`;
}

function notes(report: DiffReport): string {
  return [
    ...report.warnings.map((w) => `<p class="note">note: ${e(w)}</p>`),
    report.ignoredKinds.length
      ? `<p class="note">not compared: ${e(report.ignoredKinds.map(kindInWords).join(', '))}</p>`
      : '',
    ...describeIgnored(report).map((line) => `<p class="note">${e(line)}</p>`),
  ].join('');
}

function equivalentSection(report: DiffReport): string {
  if (!report.equivalent.length) return '';
  return `<details class="kind equivalent" id="equivalent"><summary><h2>same expression printed differently</h2> <span class="note">(${
    report.equivalent.length
  }, not differences)</span></summary>${valueTable(
    report,
    'object',
    report.equivalent.map((x) => [`${kindInWords(x.kind)} ${x.name} ${x.field}`, x.from, x.to]),
  )}</details>`;
}

/**
 * Write a report as a self-contained HTML page a person can open in a browser: header, sticky
 * summary, one collapsible section per kind (and per table of a data check).
 *
 * @example
 * ```ts
 * writeFileSync('check.html', formatHtml(report, { command: 'pum check a b', generatedAt: new Date() }));
 * ```
 */
export function formatHtml(report: DiffReport, options: FormatHtmlOptions = {}): string {
  const title = options.title ?? `pum check: ${report.from.label} → ${report.to.label}`;
  const body = report.differences.length
    ? report.differences.map((k) => kindSection(report, k)).join('\n')
    : '<p><strong>No schema differences.</strong></p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)}</title><style>${STYLE}</style></head>
<body>${header(report, title, options)}
${summary(report)}
<main>${notes(report)}
${body}
${report.data.map((t) => dataSection(report, t)).join('\n')}
${equivalentSection(report)}
</main>
</body></html>
`;
}
