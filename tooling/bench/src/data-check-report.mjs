// @ts-check
/** The Markdown section of `bench:data-check`: checksummed key ranges against the full streaming merge. */

import { fmtMb, fmtN, fmtS, medMin } from './format.mjs';
import { describeMachine } from './machine.mjs';
import { median } from './stats.mjs';

/** The issue's target: rows of both sides compared per second of wall time, at the largest size. */
export const dataCheckTarget = { rowsPerSecond: 5_000_000, maxRssGrowth: 0.15 };

/**
 * One `pum` process.
 * @typedef {object} PumRun
 * @property {number} wallMs spawn to exit
 * @property {number} maxRssKb
 * @property {number} cpuMs its CPU time, user + system
 * @property {number} machineBusy how busy all the machine's CPUs were meanwhile, 0 to 1
 */

/**
 * @typedef {{ fromRows: number; toRows: number; added: number; removed: number; changed: number }} RowCounts
 * @typedef {{ checks: PumRun[]; found: (RowCounts & { mode: string } | undefined)[] }} PathResult
 */

/**
 * @typedef {object} DataCheckTable
 * @property {number} rows rows per side before the changes
 * @property {RowCounts} expected
 * @property {PathResult} ranges the default: checksummed key ranges
 * @property {PathResult} stream `PUM_DATA_CHECK=stream`: the full merge
 * @property {boolean} sameReports every run of both paths reported the same table difference, samples included
 * @property {{ oneSideMs: number; bothSidesMs: number }} floor the servers hashing every row, nothing else
 */

/**
 * @typedef {object} DataCheckReportInput
 * @property {string} date
 * @property {string} command
 * @property {import('./machine.mjs').MachineFacts} machine
 * @property {'gnu-time' | 'in-process'} rssMethod
 * @property {number} runs
 * @property {boolean} postgis
 * @property {import('./build-database.mjs').BuiltDatabase[]} built
 * @property {DataCheckTable[]} tables
 */

const verdict = (/** @type {boolean} */ ok) => (ok ? '**met**' : '**NOT met**');

/** Where a path's reports differ from what was changed. */
function mismatches(/** @type {PathResult} */ path, /** @type {RowCounts} */ expected) {
  const out = [];
  for (const table of path.found) {
    if (!table) {
      out.push('no row comparison in the report');
      continue;
    }
    for (const field of /** @type {const} */ (['fromRows', 'toRows', 'added', 'removed', 'changed'])) {
      if (table[field] !== expected[field]) out.push(`${field} ${table[field]}, expected ${expected[field]}`);
    }
    if (table.mode !== 'primary key') out.push(`compared as ${table.mode}, expected by primary key`);
  }
  return [...new Set(out)];
}

/** Rows of both sides per second of median wall time. */
const rate = (/** @type {DataCheckTable} */ t, /** @type {number} */ ms) =>
  (t.expected.fromRows + t.expected.toRows) / (ms / 1000);

/**
 * Render the whole section.
 * @param {DataCheckReportInput} input
 */
export function renderDataCheckReport(input) {
  const out = [
    '## Data check by key ranges (pnpm bench:data-check)',
    '',
    `Command: \`${input.command}\` (code in \`tooling/bench\`). Run on ${input.date}: ${describeMachine(input.machine)}`,
    '',
    `Two databases on that server: A has tables \`bench_data.rows_<N>\` (\`id bigint\` primary key, \`name text\`, \`value double precision\`${input.postgis ? ', `geom geometry(Point,2056)`' : ''}; ` +
      'filled with `INSERT … SELECT … generate_series`); B is made from A (`CREATE DATABASE … TEMPLATE`), then one row in 2,000 is updated, one in 4,000 deleted and as many inserted past the last id (≈0.1 %). ' +
      '**pum check** is the built binary, `pum check <A> <B> --include-schema bench_data --data bench_data.rows_<N> --json --output <tmp>`, ' +
      'by checksummed key ranges (the default) and by the full streaming merge (`PUM_DATA_CHECK=stream`, the path before the ranges), ' +
      `${input.runs} ${input.runs === 1 ? 'round' : 'rounds'} each after one untimed warm-up, median (min), spawn to exit. ` +
      'rows/s counts the rows of both sides over the wall time. ' +
      (input.rssMethod === 'gnu-time'
        ? 'Peak RSS is the kernel’s, from GNU time around that very process.'
        : 'Peak RSS is the child’s `process.resourceUsage()` (there is no GNU time here).') +
      ' **Hashing floor**: the servers alone running `SELECT count(*), sum(hashtextextended(t::text COLLATE "C", 0)) FROM t` — what the first level of checksums must read — on one side, then on both at once.',
    '',
    '| rows per side | path | changed / added / removed: found (expected) | wall | rows/s | peak RSS | CPU of pum |',
    '|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const t of input.tables) {
    for (const [name, path] of /** @type {const} */ ([
      ['key ranges', t.ranges],
      ['streaming', t.stream],
    ])) {
      const got = path.found[0];
      const wallMs = median(path.checks.map((c) => c.wallMs));
      out.push(
        `| ${fmtN(t.rows)} | ${name} | ${got ? `${got.changed} / ${got.added} / ${got.removed}` : '–'} (${t.expected.changed} / ${t.expected.added} / ${t.expected.removed}) | ` +
          `${medMin(
            path.checks.map((c) => c.wallMs),
            fmtS,
          )} | ${fmtN(Math.round(rate(t, wallMs)))} | ${medMin(
            path.checks.map((c) => c.maxRssKb),
            fmtMb,
          )} | ${fmtS(median(path.checks.map((c) => c.cpuMs)))} |`,
      );
    }
    out.push(
      `| ${fmtN(t.rows)} | hashing floor | – | ${fmtS(t.floor.oneSideMs)} one side, ${fmtS(t.floor.bothSidesMs)} both | ${fmtN(Math.round(rate(t, t.floor.bothSidesMs)))} | – | – |`,
    );
  }
  out.push('');
  for (const t of input.tables) {
    const wrong = [...mismatches(t.ranges, t.expected), ...mismatches(t.stream, t.expected)];
    out.push(
      wrong.length
        ? `- ${fmtN(t.rows)} rows: the reports do **not** match the changes made: ${wrong.join('; ')}.`
        : `- ${fmtN(t.rows)} rows: every run of both paths reported exactly the rows changed, added and removed, by primary key; ` +
            `the two paths’ reports (samples included) are ${t.sameReports ? 'identical' : '**not** identical'}.`,
    );
  }
  out.push('');
  const largest = input.tables[input.tables.length - 1];
  const smallest = input.tables[0];
  if (largest) {
    const ms = median(largest.ranges.checks.map((c) => c.wallMs));
    const streamMs = median(largest.stream.checks.map((c) => c.wallMs));
    const achieved = rate(largest, ms);
    out.push(
      `Target: ${fmtN(dataCheckTarget.rowsPerSecond)} rows/s at ${fmtN(largest.rows)} rows per side: ${verdict(achieved >= dataCheckTarget.rowsPerSecond)} ` +
        `(${fmtN(Math.round(achieved))} rows/s, ${(streamMs / ms).toFixed(1)}× the streaming merge; the servers’ hashing alone allows ${fmtN(Math.round(rate(largest, largest.floor.bothSidesMs)))} rows/s here).`,
    );
  }
  if (smallest && largest && smallest !== largest) {
    const [a, b] = [smallest, largest].map((t) => median(t.ranges.checks.map((c) => c.maxRssKb)));
    const growth = /** @type {number} */ (b) / /** @type {number} */ (a) - 1;
    out.push(
      '',
      `Peak RSS of the key ranges flat from ${fmtN(smallest.rows)} to ${fmtN(largest.rows)} rows (within ${dataCheckTarget.maxRssGrowth * 100} %): ` +
        `${verdict(Math.abs(growth) <= dataCheckTarget.maxRssGrowth)} (${fmtMb(a ?? 0)} → ${fmtMb(b ?? 0)}).`,
    );
  }
  out.push('');
  return out.join('\n');
}
