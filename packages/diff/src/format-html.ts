/**
 * The HTML form of a diff report: one self-contained page (inline CSS, no scripts, no external
 * resources) with a summary table, a section per kind and field-level before/after values.
 */

import { countsOf, describeCounts, describeData, describeIgnored, describeTableData } from './format-text.js';
import { displayValue } from './format-value.js';
import type { DiffReport, ObjectDifference } from './report.js';

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Options of {@link formatHtml}. */
export interface FormatHtmlOptions {
  /** Page title; default `pum check: <from> → <to>`. */
  title?: string;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2430}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.added{color:#116329}.removed{color:#a40e26}.changed{color:#7d4e00}
pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.4 ui-monospace,monospace}
td.from{background:#ffebe9}td.to{background:#dafbe1}.note{color:#57606a}details{margin:.3rem 0}
`;

const e = escapeHtml;

function objectList(items: readonly ObjectDifference[], cls: 'added' | 'removed', mark: string): string {
  if (!items.length) return '';
  return `<ul>${items
    .map(
      (item) =>
        `<li class="${cls}"><details><summary>${mark} <code>${e(item.name)}</code></summary><pre>${e(
          JSON.stringify(item.object, null, 2),
        )}</pre></details></li>`,
    )
    .join('')}</ul>`;
}

/**
 * Write a report as a self-contained HTML page a person can open in a browser.
 *
 * @example
 * ```ts
 * writeFileSync('check.html', formatHtml(report));
 * ```
 */
export function formatHtml(report: DiffReport, options: FormatHtmlOptions = {}): string {
  const title = options.title ?? `pum check: ${report.from.label} → ${report.to.label}`;
  const rows = report.differences
    .map(
      (k) =>
        `<tr><td><a href="#${e(k.kind)}">${e(k.kind)}</a></td><td class="added">${k.added.length}</td><td class="removed">${k.removed.length}</td><td class="changed">${k.changed.length}</td></tr>`,
    )
    .join('');
  const sections = report.differences
    .map((k) => {
      const changed = k.changed
        .map(
          (item) =>
            `<h3 class="changed">~ <code>${e(item.name)}</code></h3><table><tr><th>field</th><th>${e(report.from.label)}</th><th>${e(
              report.to.label,
            )}</th></tr>${item.changes
              .map(
                (c) =>
                  `<tr><td><code>${e(c.field)}</code></td><td class="from"><pre>${e(displayValue(c.from))}</pre></td><td class="to"><pre>${e(
                    displayValue(c.to),
                  )}</pre></td></tr>`,
              )
              .join('')}</table>`,
        )
        .join('');
      return `<section id="${e(k.kind)}"><h2>${e(k.kind)} <span class="note">(${e(describeCounts(countsOf(k)))})</span></h2>${objectList(
        k.added,
        'added',
        '+',
      )}${objectList(k.removed, 'removed', '−')}${changed}</section>`;
    })
    .join('\n');
  const data = report.data
    .map(
      (t) =>
        `<section id="data-${e(t.table)}"><h2>data <code>${e(t.table)}</code> <span class="note">(${e(describeTableData(t))})</span></h2>${
          t.samples.added.length
            ? `<ul>${t.samples.added.map((r) => `<li class="added">+ <code>${e(r)}</code></li>`).join('')}</ul>`
            : ''
        }${t.samples.removed.length ? `<ul>${t.samples.removed.map((r) => `<li class="removed">− <code>${e(r)}</code></li>`).join('')}</ul>` : ''}${
          t.samples.changed.length
            ? `<table><tr><th>key</th><th>${e(report.from.label)}</th><th>${e(report.to.label)}</th></tr>${t.samples.changed
                .map(
                  (c) =>
                    `<tr><td><code>${e(c.key)}</code></td><td class="from"><pre>${e(c.from)}</pre></td><td class="to"><pre>${e(c.to)}</pre></td></tr>`,
                )
                .join('')}</table>`
            : ''
        }</section>`,
    )
    .join('\n');
  const notes = [
    ...report.warnings.map((w) => `<p class="note">note: ${e(w)}</p>`),
    report.ignoredKinds.length
      ? `<p class="note">not compared: ${e(report.ignoredKinds.join(', '))}</p>`
      : '',
    ...describeIgnored(report).map((line) => `<p class="note">${e(line)}</p>`),
    report.equivalent.length
      ? `<details><summary>same expression printed differently (${report.equivalent.length}, not differences)</summary><table><tr><th>object</th><th>${e(report.from.label)}</th><th>${e(report.to.label)}</th></tr>${report.equivalent
          .map(
            (x) =>
              `<tr><td><code>${e(`${x.kind} ${x.name}`)}</code> ${e(x.field)}</td><td class="from"><pre>${e(x.from)}</pre></td><td class="to"><pre>${e(x.to)}</pre></td></tr>`,
          )
          .join('')}</table></details>`
      : '',
  ].join('');
  const body = report.differences.length
    ? `<table><tr><th>kind</th><th>added</th><th>removed</th><th>changed</th></tr>${rows}</table>${sections}`
    : '<p><strong>No schema differences.</strong></p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)}</title><style>${STYLE}</style></head>
<body><h1>${e(title)}</h1>
<p>${e(report.from.label)} (PostgreSQL ${report.from.serverMajor}${report.from.postgis ? `, PostGIS ${e(report.from.postgis)}` : ''}) → ${e(
    report.to.label,
  )} (PostgreSQL ${report.to.serverMajor}${report.to.postgis ? `, PostGIS ${e(report.to.postgis)}` : ''}): <strong>${e(
    describeCounts(report.summary) + describeData(report),
  )}</strong></p>${notes}
${body}
${data}
</body></html>
`;
}
