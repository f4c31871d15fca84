// @ts-check
/** The Markdown section of `bench:check`: schema and data check results, targets, correctness. */

import { fmtMb, fmtMs, fmtN, fmtS, medMin } from './format.mjs';
import { describeMachine } from './machine.mjs';
import { median } from './stats.mjs';

/**
 * The issue's targets: check time at `tables` tables (at most `maxCheckRatio` times one
 * `pg_dump --schema-only` of one side), and how flat data-check memory stays.
 */
export const checkTargets = { tables: 10_000, maxCheckRatio: 0.8, maxRssGrowth: 0.15 };

/**
 * One `pum` process.
 * @typedef {object} PumRun
 * @property {number} wallMs spawn to exit
 * @property {number} maxRssKb
 * @property {number} cpuMs its CPU time, user + system
 * @property {number} exitCode
 * @property {number} machineBusy how busy all the machine's CPUs were meanwhile, 0 to 1
 * @property {string} [failed] why pg_dump failed, when it did (too many tables to lock)
 */

/**
 * @typedef {import('./synthetic-changes.mjs').KindCounts} KindCounts
 * @typedef {{ added: number; removed: number; changed: number; kinds: KindCounts }} Summary a report's `summary`
 * @typedef {{ ms: number; cpuMs: number }} Step wall time and Node CPU time of one step
 */

/**
 * What `check-child.mjs` prints, plus `wallMs`.
 * @typedef {object} CheckSteps
 * @property {number} wallMs
 * @property {number} loadedMs Node start-up and module loading
 * @property {Step} connect
 * @property {Step} introspectBoth
 * @property {Step} diff
 * @property {Step} report
 * @property {Step} introspectFromAlone
 * @property {Step} introspectToAlone
 * @property {Step} [introspectFromFull] the first side again, dependencies included
 * @property {number} rssAfterIntrospectKb
 * @property {number} maxRssKb
 */

/**
 * @typedef {object} SchemaResult
 * @property {number} tables
 * @property {number} changedTables
 * @property {KindCounts} expected
 * @property {import('./build-database.mjs').BuiltDatabase[]} built
 * @property {PumRun[]} floor `pum --version`
 * @property {PumRun[]} checks
 * @property {PumRun[]} dumps `pg_dump --schema-only` of the first side
 * @property {(import('./report.mjs').ChildRun & { cpuMs: number; machineBusy: number })[]} introspections
 * @property {(import('./report.mjs').FloorRun & { machineBusy: number })[]} receiving the floor: both sides' catalog queries, their rows received and thrown away
 * @property {Summary[]} found each check's report summary
 * @property {CheckSteps} profiled
 */

/**
 * @typedef {object} RowCounts
 * @property {number} fromRows
 * @property {number} toRows
 * @property {number} added
 * @property {number} removed
 * @property {number} changed
 */

/**
 * @typedef {object} DataTableResult
 * @property {number} rows rows per side before the changes
 * @property {RowCounts} expected
 * @property {PumRun[]} checks
 * @property {{ table: (RowCounts & { mode: string }) | undefined; schemaDifferences: Summary }[]} found
 */

/**
 * @typedef {object} DataResult
 * @property {import('./build-database.mjs').BuiltDatabase[]} built
 * @property {PumRun[]} floor `pum check` of the same databases without `--data`
 * @property {DataTableResult[]} tables
 */

/**
 * @typedef {object} CheckReportInput
 * @property {string} date
 * @property {string} command
 * @property {import('./machine.mjs').MachineFacts} machine
 * @property {'gnu-time' | 'in-process'} rssMethod
 * @property {number} runs
 * @property {boolean} postgis
 * @property {SchemaResult[]} schema
 * @property {DataResult | undefined} data
 */

const verdict = (/** @type {boolean} */ ok) => (ok ? '**met**' : '**NOT met**');
const ratio = (/** @type {number} */ x) => `${x.toFixed(2)}×`;
const percent = (/** @type {number} */ x) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)} %`;
const share = (/** @type {number} */ x) => `${(100 * x).toFixed(0)} %`;
const total = (/** @type {KindCounts} */ kinds) =>
  Object.values(kinds).reduce((sum, k) => sum + k.added + k.removed + k.changed, 0);

/** How pg_dump failed at this size (too many tables to lock), or undefined. */
function dumpFailed(/** @type {SchemaResult} */ r) {
  const failed = r.dumps.find((d) => d.failed)?.failed;
  return failed && `fails: ${failed}`;
}

/** Medians of one schema size. */
function summarizeSchema(/** @type {SchemaResult} */ r) {
  const checkMs = median(r.checks.map((c) => c.wallMs));
  const dumpMs = median(r.dumps.map((d) => d.wallMs));
  const introspectMs = median(r.introspections.map((i) => i.wallMs));
  const receiveMs = median(r.receiving.map((f) => f.wallMs));
  return {
    checkMs,
    dumpMs,
    introspectMs,
    receiveMs,
    receiveCpuMs: median(r.receiving.map((f) => f.cpuMs)),
    ratio: checkMs / dumpMs,
    receiveRatio: receiveMs / dumpMs,
  };
}

/**
 * Where a report's per-kind counts differ from what was changed, as `kind how: found, expected`.
 * @param {KindCounts} found
 * @param {KindCounts} expected
 */
export function kindMismatches(found, expected) {
  const out = [];
  for (const kind of new Set([...Object.keys(found), ...Object.keys(expected)])) {
    for (const how of /** @type {const} */ (['added', 'removed', 'changed'])) {
      const got = found[kind]?.[how] ?? 0;
      const want = expected[kind]?.[how] ?? 0;
      if (got !== want) out.push(`${kind} ${how}: ${got}, expected ${want}`);
    }
  }
  return out;
}

/** @param {DataTableResult} t */
function rowMismatches(t) {
  const out = [];
  for (const { table, schemaDifferences } of t.found) {
    if (!table) {
      out.push('no row comparison in the report');
      continue;
    }
    for (const field of /** @type {const} */ (['fromRows', 'toRows', 'added', 'removed', 'changed'])) {
      if (table[field] !== t.expected[field])
        out.push(`${field} ${table[field]}, expected ${t.expected[field]}`);
    }
    if (table.mode !== 'primary key') out.push(`compared as ${table.mode}, expected by primary key`);
    const schemaCount = total(schemaDifferences.kinds);
    if (schemaCount) out.push(`${schemaCount} schema differences, expected none`);
  }
  return [...new Set(out)];
}

/**
 * Render the whole section.
 * @param {CheckReportInput} input
 */
export function renderCheckReport(input) {
  const out = [
    '## Schema and data check (pnpm bench:check)',
    '',
    `Command: \`${input.command}\` (code in \`tooling/bench\`). Run on ${input.date}: ${describeMachine(input.machine)}`,
    '',
    `Every figure is a process of its own, spawn to exit (Node start-up included); ${input.runs} ${input.runs === 1 ? 'round' : 'rounds'} after one untimed warm-up, median (min). ` +
      (input.rssMethod === 'gnu-time'
        ? '**pum check** is the built binary, `node packages/cli/bin/pum.js check …`; its peak RSS and CPU time are the kernel’s, ' +
          'from GNU time (`/usr/bin/time -f "%M %U %S"`) around that very process.'
        : '**pum check** is the CLI’s `run()` (what `packages/cli/bin/pum.js` runs) in a child of its own, `src/cli-child.mjs`; ' +
          'its peak RSS and CPU time are that child’s `process.resourceUsage()` (there is no GNU time here).'),
    '',
  ];
  out.push(...renderSchema(input));
  if (input.data) out.push(...renderData(input.data, input.postgis));
  return out.join('\n');
}

/** @param {CheckReportInput} input */
function renderSchema(input) {
  const { schema } = input;
  if (schema.length === 0) return [];
  const out = [
    '### Schema check',
    '',
    'Database A is a synthetic database (the generator of `bench:introspect`: tables over 10 schemas, 8 columns each, a primary key, one more index, ' +
      'a foreign key, a CHECK, a comment; a view and a plpgsql function per 5 tables, a trigger per 10). Database B is a copy of A ' +
      '(`CREATE DATABASE … TEMPLATE`) in which one table in a hundred is changed: a column type widened or a column added on each, ' +
      'and across them indexes dropped and added, view and function bodies rewritten, triggers dropped, table comments and CHECKs changed; both `VACUUM ANALYZE`d. ' +
      '**pum check** is `pum check <A> <B> --json --output <tmp>`; **pg_dump** is `pg_dump --schema-only --no-sync --file=<tmp>` of A ' +
      '(the local client programs of the server’s major); **one introspection** is a child that connects and runs `introspectWithStats()` ' +
      'from `@pum/introspect` on A as `pum snapshot` does (3 sessions on one snapshot, the dependencies between objects included), without serialising. ' +
      'The check reads each side without those dependencies (`dependencies: false`): its report compares objects only. ' +
      '**Both sides received** is the floor under the check: a child that loads the same modules, sends the very catalog queries the check sends ' +
      '(captured from one read of each side as the check reads it: one session, no dependencies) to both databases at once, ' +
      'and receives their rows through cursors in the same batches, then throws them away: no mapping, no comparison, no report. ' +
      'The four take turns, rotating who goes first.',
    '',
    '| tables | differences: found / expected | objects per side | pum check: wall | pum check: peak RSS | pg_dump --schema-only: wall | one introspection: wall | check / pg_dump | both sides received (floor) | floor / pg_dump |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of schema) {
    const s = summarizeSchema(r);
    const counts = r.introspections[0]?.counts ?? {};
    const objects = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const found = r.found[0] ? r.found[0].added + r.found[0].removed + r.found[0].changed : 0;
    out.push(
      `| ${fmtN(r.tables)} | ${fmtN(found)} / ${fmtN(total(r.expected))} | ${fmtN(objects)} | ` +
        `${medMin(
          r.checks.map((c) => c.wallMs),
          fmtS,
        )} | ${medMin(
          r.checks.map((c) => c.maxRssKb),
          fmtMb,
        )} | ${
          dumpFailed(r) ??
          medMin(
            r.dumps.map((d) => d.wallMs),
            fmtS,
          )
        } | ${medMin(
          r.introspections.map((i) => i.wallMs),
          fmtS,
        )} | ${dumpFailed(r) ? '–' : ratio(s.ratio)} | ${medMin(
          r.receiving.map((f) => f.wallMs),
          fmtS,
        )} | ${dumpFailed(r) ? '–' : ratio(s.receiveRatio)} |`,
    );
  }
  out.push('');
  for (const r of schema) {
    const mismatches = [...new Set(r.found.flatMap((f) => kindMismatches(f.kinds, r.expected)))];
    const kinds = Object.entries(r.expected)
      .map(
        ([kind, c]) =>
          `${kind} ${[c.added && `+${c.added}`, c.removed && `−${c.removed}`, c.changed && `~${c.changed}`].filter(Boolean).join(' ')}`,
      )
      .join(', ');
    out.push(
      mismatches.length
        ? `- ${fmtN(r.tables)} tables: the report does **not** match the changes made (${r.changedTables} tables changed: ${kinds}): ${mismatches.join('; ')}.`
        : `- ${fmtN(r.tables)} tables: every run reported exactly the changes made and nothing else (${r.changedTables} tables changed: ${kinds}; + added, − removed, ~ changed), exit code ${r.checks[0]?.exitCode}.`,
    );
  }
  out.push('');

  const at = schema.find((r) => r.tables === checkTargets.tables);
  if (!at) {
    out.push(`The target is checked at ${fmtN(checkTargets.tables)} tables, which this run left out.`, '');
  } else {
    const s = summarizeSchema(at);
    const budget = checkTargets.maxCheckRatio * s.dumpMs;
    out.push(
      `Target at ${fmtN(at.tables)} tables: check ≤ ${checkTargets.maxCheckRatio}× one \`pg_dump --schema-only\` of one side: ${verdict(s.ratio <= checkTargets.maxCheckRatio)} (${ratio(s.ratio)}).`,
      '',
      `Floor: receiving both sides' catalog rows, and nothing else, takes ${fmtS(s.receiveMs)} (${ratio(s.receiveRatio)} pg_dump; ${fmtS(s.receiveCpuMs)} of CPU in that process) ` +
        (s.receiveMs > budget
          ? `against a budget of ${fmtS(budget)}: the target is out of reach of any check that reads both catalogs through these queries with node-postgres on this machine, before a single object is compared.`
          : `against a budget of ${fmtS(budget)}: ${fmtS(budget - s.receiveMs)} are left for mapping and comparing; the check spends ${fmtS(s.checkMs - s.receiveMs)} on them.`),
      '',
    );
  }
  const largest = at ?? schema[schema.length - 1];
  if (largest) out.push(...renderSteps(largest, input.machine.cpus));
  return out;
}

/**
 * How the machine's CPU time went while processes ran: how busy all CPUs were, and how much of
 * it the measured process took itself.
 * @param {{ wallMs: number; cpuMs: number; machineBusy: number }[]} runs
 * @param {number} cpus
 */
function cpuUse(runs, cpus) {
  const busy = median(runs.map((r) => r.machineBusy));
  const usedMs = median(runs.map((r) => r.machineBusy * r.wallMs * cpus));
  const ownMs = median(runs.map((r) => r.cpuMs));
  return `${share(busy)} busy (${fmtS(usedMs)} of CPU time: ${fmtS(ownMs)} in its own process, ${fmtS(Math.max(0, usedMs - ownMs))} elsewhere)`;
}

/**
 * The steps of one check, from the profiled run, and the budget the target leaves.
 * @param {SchemaResult} r
 * @param {number} cpus
 */
function renderSteps(r, cpus) {
  const p = r.profiled;
  const s = summarizeSchema(r);
  const alone = (p.introspectFromAlone.ms + p.introspectToAlone.ms) / 2;
  const floor = median(r.floor.map((f) => f.wallMs));
  const oneInProcess = median(r.introspections.map((i) => i.introspectMs));
  const nodeBusy = p.introspectBoth.cpuMs / p.introspectBoth.ms;
  const machineBusy = median(r.checks.map((c) => c.machineBusy));
  const budgetMs = checkTargets.maxCheckRatio * s.dumpMs;
  const nodeCpuMs = median(r.checks.map((c) => c.cpuMs));
  const machineCpuMs = median(r.checks.map((c) => c.machineBusy * c.wallMs * cpus));
  return [
    `### Where the check's time goes (${fmtN(r.tables)} tables, medians and one extra run)`,
    '',
    `- **Budget**: ${checkTargets.maxCheckRatio}× one \`pg_dump --schema-only\` (${fmtMs(s.dumpMs)}) is ${fmtMs(budgetMs)}; ` +
      `\`pum check\` takes ${fmtMs(s.checkMs)}, ${s.checkMs > budgetMs ? `${fmtMs(s.checkMs - budgetMs)} over` : 'within it'}. ` +
      `The one introspection is ${fmtMs(oneInProcess)} of \`introspectWithStats()\` plus ${fmtMs(s.introspectMs - oneInProcess)} of start-up, loading and connecting; ` +
      `\`pum --version\` alone takes ${fmtMs(floor)}.`,
    '- **Steps** (an extra child, `src/check-child.mjs`, making the same public calls as the CLI and timing each; Node CPU time in brackets): ' +
      `start-up and loading ${fmtMs(p.loadedMs)}, connecting both sides ${fmtMs(p.connect.ms)}, ` +
      `introspecting both sides concurrently ${fmtMs(p.introspectBoth.ms)} (${fmtMs(p.introspectBoth.cpuMs)}), ` +
      `\`diffSnapshots()\` ${fmtMs(p.diff.ms)} (${fmtMs(p.diff.cpuMs)}), \`formatJson()\` and writing ${fmtMs(p.report.ms)} (${fmtMs(p.report.cpuMs)}); ` +
      `peak RSS ${fmtMb(p.rssAfterIntrospectKb)} once both snapshots are in memory.`,
    `- **CPU**: while \`pum check\` ran, the machine's ${cpus} CPUs were ${cpuUse(r.checks, cpus)}; ` +
      `while pg_dump ran, ${cpuUse(r.dumps, cpus)}; ` +
      `while one introspection ran, ${cpuUse(r.introspections, cpus)}. Elsewhere is the server's backends, and anything else running on the machine.`,
    `- **Floors**: pum's own Node process used ${fmtS(nodeCpuMs)} of CPU time (its JavaScript thread and V8's helpers), ` +
      `${nodeCpuMs > budgetMs ? 'more than' : 'within'} the ${fmtS(budgetMs)} budget; all the CPU time used meanwhile, spread perfectly over ${cpus} CPUs, ` +
      `would take ${fmtS(machineCpuMs / cpus)}, ${machineCpuMs / cpus > budgetMs ? 'more than' : 'within'} the budget.`,
    `- **Two sides at once**: one side alone, read as the check reads it, in the same warmed-up process, takes ${fmtMs(alone)} (${fmtMs((p.introspectFromAlone.cpuMs + p.introspectToAlone.cpuMs) / 2)} Node CPU)` +
      (p.introspectFromFull
        ? `, and ${fmtMs(p.introspectFromFull.ms)} (${fmtMs(p.introspectFromFull.cpuMs)}) read in full, dependencies included; `
        : '; ') +
      `both concurrently take ${ratio(p.introspectBoth.ms / alone)} that, with Node's one JavaScript thread busy ${share(nodeBusy)} of the time` +
      (machineBusy >= 0.9
        ? `, and the machine's CPUs ${share(machineBusy)} busy during the check: Node and the two server backends compete for ${cpus} CPUs, so the sides overlap little.`
        : nodeBusy >= 0.8
          ? ': the server backends work in parallel, but parsing rows and building both snapshots queues on that one thread.'
          : '.'),
    '',
  ];
}

/**
 * @param {DataResult} data
 * @param {boolean} postgis
 */
function renderData(data, postgis) {
  const floorMs = median(data.floor.map((f) => f.wallMs));
  const floorKb = median(data.floor.map((f) => f.maxRssKb));
  const out = [
    '### Data check',
    '',
    `Two databases, each with tables \`bench_data.rows_<N>\` (\`id bigint\` primary key, \`name text\`, \`value double precision\`${postgis ? ', `geom geometry(Point,2056)`' : ''}; ` +
      'filled with `INSERT … SELECT … generate_series`); B is a copy of A in which one row in 2,000 is updated, one in 4,000 deleted and as many inserted (≈0.1 %). ' +
      '**pum check** is `pum check <A> <B> --include-schema bench_data --data bench_data.rows_<N> --json --output <tmp>`; ' +
      'rows/s counts the rows of both sides over the whole wall time. ' +
      `The same check without \`--data\` (the floor) takes ${fmtS(floorMs)} and peaks at ${fmtMb(floorKb)}.`,
    '',
    '| rows per side | changed / added / removed: found (expected) | pum check --data: wall | rows/s | peak RSS | above the floor |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const t of data.tables) {
    const got = t.found[0]?.table;
    const wallMs = median(t.checks.map((c) => c.wallMs));
    const rssKb = median(t.checks.map((c) => c.maxRssKb));
    const rows = (got?.fromRows ?? 0) + (got?.toRows ?? 0);
    out.push(
      `| ${fmtN(t.rows)} | ${got ? `${got.changed} / ${got.added} / ${got.removed}` : '–'} (${t.expected.changed} / ${t.expected.added} / ${t.expected.removed}) | ` +
        `${medMin(
          t.checks.map((c) => c.wallMs),
          fmtS,
        )} | ${fmtN(Math.round(rows / (wallMs / 1000)))} | ${medMin(
          t.checks.map((c) => c.maxRssKb),
          fmtMb,
        )} | ${fmtMb(rssKb - floorKb)} |`,
    );
  }
  out.push('');
  for (const t of data.tables) {
    const mismatches = rowMismatches(t);
    out.push(
      mismatches.length
        ? `- ${fmtN(t.rows)} rows: the report does **not** match the changes made: ${mismatches.join('; ')}.`
        : `- ${fmtN(t.rows)} rows: every run reported exactly the rows changed, added and removed, compared by primary key, and no schema difference.`,
    );
  }
  out.push('');
  const [smallest, largest] = [data.tables[0], data.tables[data.tables.length - 1]];
  if (smallest && largest && smallest !== largest) {
    const [a, b] = [smallest, largest].map((t) => median(t.checks.map((c) => c.maxRssKb)));
    const growth = /** @type {number} */ (b) / /** @type {number} */ (a) - 1;
    out.push(
      `Target: peak RSS flat from ${fmtN(smallest.rows)} to ${fmtN(largest.rows)} rows (within ${checkTargets.maxRssGrowth * 100} %): ` +
        `${verdict(Math.abs(growth) <= checkTargets.maxRssGrowth)} (${fmtMb(a ?? 0)} → ${fmtMb(b ?? 0)}, ${percent(growth)}).`,
      '',
    );
  } else {
    out.push('Flat memory needs two row counts to compare; this run measured one.', '');
  }
  return out;
}
