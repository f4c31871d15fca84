// @ts-check
/** The Markdown section of `bench:introspect`: results, targets and where the time goes. */

import { fmtMb, fmtMiB, fmtMs, fmtN, fmtS, kb2mb, medMin } from './format.mjs';
import { describeMachine } from './machine.mjs';
import { median } from './stats.mjs';

/** The issue's targets, checked at `tables` tables. */
export const targets = { tables: 10_000, maxTimeRatio: 0.5, maxPeakRssMb: 250 };

/**
 * @typedef {object} ChildRun what `introspect-child.mjs run` prints, plus `wallMs`
 * @property {number} wallMs
 * @property {number} connectMs
 * @property {number} introspectMs
 * @property {number} saveMs
 * @property {{ roundTrips: number; queries: number }} stats
 * @property {number} snapshotBytes
 * @property {Record<string, number>} counts
 * @property {number} maxRssKb
 * @property {number} [sessions] connections that read the catalog
 * @property {{ maxRssKb: number; heapUsedKb: number }} introspected
 * @property {ProfiledQuery[]} [queries]
 */

/**
 * @typedef {object} ProfiledQuery
 * @property {string} reader
 * @property {number} rows
 * @property {number} inRunMs
 * @property {number} plainMs
 * @property {number} noJitMs
 * @property {number} serverMs
 * @property {number} jitFunctions
 */

/**
 * @typedef {object} FloorRun what `floor-child.mjs` prints, plus `wallMs`
 * @property {number} wallMs
 * @property {number} rows
 * @property {number} cpuMs
 * @property {number} maxRssKb
 */

/**
 * @typedef {object} SizeResult
 * @property {number} tables
 * @property {import('./synthetic-schema.mjs').SyntheticSchemaCounts} expected
 * @property {import('./build-database.mjs').BuiltDatabase} built
 * @property {{ wallMs: number; maxRssKb: number }[]} idle
 * @property {ChildRun[]} ours
 * @property {{ wallMs: number; failed?: string }[]} theirs pg_dump runs; `failed` says why one failed (too many tables to lock)
 * @property {FloorRun[]} floor the same catalog queries, their rows received and thrown away
 * @property {number} dumpBytes
 * @property {ChildRun & { queries: ProfiledQuery[] }} profiled on one session
 * @property {ChildRun} [single] one more unprofiled run on one session
 */

/**
 * @typedef {object} ReportInput
 * @property {string} date
 * @property {string} command
 * @property {import('./machine.mjs').MachineFacts} machine
 * @property {number} runs
 * @property {SizeResult[]} results
 */

/** The first measured run of a size: its counts, stats and sizes are the same in every run. */
function firstRun(/** @type {SizeResult} */ r) {
  const run = r.ours[0];
  if (!run) throw new Error(`no measured run at ${r.tables} tables`);
  return run;
}

/** How pg_dump failed at this size (it did in every run or none), or undefined. */
function dumpFailure(/** @type {SizeResult} */ r) {
  const failed = r.theirs.find((t) => t.failed)?.failed;
  return failed && `fails: ${failed}`;
}

/** Medians of one size, the figures everything else is derived from. */
function summarize(/** @type {SizeResult} */ r) {
  const idleWallMs = median(r.idle.map((i) => i.wallMs));
  const idleRssKb = median(r.idle.map((i) => i.maxRssKb));
  const wallMs = median(r.ours.map((o) => o.wallMs));
  const dumpMs = median(r.theirs.map((t) => t.wallMs));
  const rssKb = median(r.ours.map((o) => o.maxRssKb));
  const floorMs = median(r.floor.map((f) => f.wallMs));
  return {
    floorMs,
    floorRatio: floorMs / dumpMs,
    floorCpuMs: median(r.floor.map((f) => f.cpuMs)),
    idleWallMs,
    idleRssKb,
    wallMs,
    dumpMs,
    rssKb,
    ratio: wallMs / dumpMs,
    introspectMs: median(r.ours.map((o) => o.introspectMs)),
    saveMs: median(r.ours.map((o) => o.saveMs)),
    rssAfterIntrospectKb: median(r.ours.map((o) => o.introspected.maxRssKb)),
  };
}

/**
 * Render the whole section.
 * @param {ReportInput} input
 */
export function renderReport(input) {
  const { machine, results, runs } = input;
  const out = [
    '## Introspection (pnpm bench:introspect)',
    '',
    `Command: \`${input.command}\` (code in \`tooling/bench\`). Run on ${input.date}: ${describeMachine(machine)}`,
    '',
    `Each size is a fresh synthetic database (${describeShape(Boolean(machine.postgis))}) on a throwaway server, then \`VACUUM ANALYZE\`. ` +
      `After one untimed warm-up of each, ${runs} round(s) run ours, pg_dump and the floor (below); figures are median (min). ` +
      `**Ours** is a child Node process that connects, runs \`introspectWithStats()\` on the whole database over ${results[0]?.ours[0]?.sessions ?? 1} connection(s) sharing one exported snapshot (the \`connect\` option; \`pum snapshot\`'s default \`-j 3\`), writes it with \`saveSnapshot()\` (streamed); ` +
      'its wall time is spawn to exit (Node start-up included, as pg_dump’s includes its own), its peak RSS is `process.resourceUsage().maxRSS`. ' +
      '**pg_dump** is `pg_dump --schema-only --file=<tmp>` on the same database, spawn to exit. ' +
      '**Floor** is what ours cannot do without: a child that loads the same modules, opens as many sessions, sends the very catalog queries ours sent ' +
      '(captured in the warm-up) and receives their rows through cursors in the same batches, then throws them away: no mapping, no snapshot, no file. ' +
      'Each round runs the three in turn, rotating who goes first.',
    '',
    '| tables | ours: wall | ours: introspect + save | round trips / queries | ours: peak RSS | pg_dump --schema-only | ours / pg_dump | floor: receive only | floor / pg_dump |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const s = summarize(r);
    const inProcess = r.ours.map((o) => o.introspectMs + o.saveMs);
    const { stats } = firstRun(r);
    out.push(
      `| ${fmtN(r.tables)} | ${medMin(
        r.ours.map((o) => o.wallMs),
        fmtS,
      )} | ${medMin(inProcess, fmtS)} | ${stats.roundTrips} / ${stats.queries} | ` +
        `${medMin(
          r.ours.map((o) => o.maxRssKb),
          fmtMb,
        )} | ${
          dumpFailure(r) ??
          medMin(
            r.theirs.map((t) => t.wallMs),
            fmtS,
          )
        } | ${dumpFailure(r) ? '–' : `${s.ratio.toFixed(2)}×`} | ${medMin(
          r.floor.map((f) => f.wallMs),
          fmtS,
        )} | ${dumpFailure(r) ? '–' : `${s.floorRatio.toFixed(2)}×`} |`,
    );
  }
  const floor = results.map((r) => ({ tables: r.tables, ...summarize(r) }));
  out.push(
    '',
    'An idle child (loads `pg` and `@pum/introspect`, connects, runs `SELECT 1`, exits) takes ' +
      `${fmtS(median(floor.map((s) => s.idleWallMs)))} and peaks at ${fmtMb(median(floor.map((s) => s.idleRssKb)))}; ` +
      `above that floor the introspection peaks at ${floor.map((f) => `${fmtMb(f.rssKb - f.idleRssKb)} (${fmtN(f.tables)} tables)`).join(', ')}.`,
    '',
    ...results.flatMap((r) =>
      r.single
        ? [
            `One more run on a single connection (\`--sessions=1\`), ${fmtN(r.tables)} tables: ${fmtS(r.single.wallMs)} wall ` +
              `(introspect ${fmtMs(r.single.introspectMs)}, save ${fmtMs(r.single.saveMs)}), peak RSS ${fmtMb(r.single.maxRssKb)}.`,
            '',
          ]
        : [],
    ),
  );

  const at = results.find((r) => r.tables === targets.tables);
  out.push(...renderTargets(at));
  out.push(...renderDetails(results));
  const largest = at ?? results[results.length - 1];
  if (largest) out.push(...renderProfile(largest));
  if (at) out.push(...renderDiagnosis(at));
  return out.join('\n');
}

function describeShape(/** @type {boolean} */ postgis) {
  return (
    'tables spread over 10 schemas, each with 8 columns' +
    (postgis ? ' (one `geometry(Point,2056)`)' : '') +
    ', a primary key, one more index, a foreign key to its neighbour, a CHECK and a comment; ' +
    'a view and a plpgsql function per 5 tables, a trigger per 10; 20 enum and 20 domain types'
  );
}

/** @param {SizeResult | undefined} at */
function targetChecks(at) {
  if (!at) return undefined;
  const s = summarize(at);
  return {
    time: { ok: s.ratio <= targets.maxTimeRatio, ratio: s.ratio },
    rss: { ok: kb2mb(s.rssKb) <= targets.maxPeakRssMb, mb: kb2mb(s.rssKb) },
  };
}

/** @param {SizeResult | undefined} at */
function renderTargets(at) {
  const checks = targetChecks(at);
  if (!checks) return [`Targets are checked at ${fmtN(targets.tables)} tables, which this run left out.`, ''];
  const verdict = (/** @type {boolean} */ ok) => (ok ? '**met**' : '**NOT met**');
  return [
    `Targets at ${fmtN(targets.tables)} tables:`,
    '',
    `- time ≤ ${targets.maxTimeRatio}× pg_dump --schema-only: ${verdict(checks.time.ok)} (${checks.time.ratio.toFixed(2)}×)`,
    `- peak RSS ≤ ${targets.maxPeakRssMb} MB: ${verdict(checks.rss.ok)} (${Math.round(checks.rss.mb)} MB)`,
    '',
  ];
}

/** @param {SizeResult[]} results */
function renderDetails(results) {
  const out = [
    '<details><summary>Build times, output sizes and object counts</summary>',
    '',
    '| tables | CREATE DATABASE | DDL | VACUUM ANALYZE | snapshot JSON | pg_dump output | in the snapshot: tables / columns / constraints / indexes / views / functions / triggers / types |',
    '|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const c = firstRun(r).counts;
    const counts = [c.tables, c.columns, c.constraints, c.indexes, c.views, c.functions, c.triggers, c.types];
    out.push(
      `| ${fmtN(r.tables)} | ${fmtS(r.built.createMs)} | ${fmtS(r.built.ddlMs)} | ${fmtS(r.built.analyzeMs)} | ` +
        `${fmtMiB(firstRun(r).snapshotBytes)} | ${Number.isNaN(r.dumpBytes) ? '–' : fmtMiB(r.dumpBytes)} | ${counts.map((n) => fmtN(n ?? 0)).join(' / ')} |`,
    );
  }
  const mismatches = results.flatMap(countMismatches);
  out.push(
    '',
    mismatches.length
      ? `Count mismatches: ${mismatches.join('; ')}.`
      : 'Every synthetic table, view, function, trigger and type was found in the snapshot.',
    '',
    '</details>',
    '',
  );
  return out;
}

/** Where the snapshot disagrees with what the generator made. */
function countMismatches(/** @type {SizeResult} */ r) {
  const c = firstRun(r).counts;
  const e = r.expected;
  /** @type {[string, number | undefined, number][]} */
  const pairs = [
    ['tables', c.tables, e.tables],
    ['views', c.views, e.views],
    ['functions', c.functions, e.functions],
    ['triggers', c.triggers, e.triggers],
    ['types', c.types, e.enums + e.domains],
  ];
  return pairs
    .filter(([, got, want]) => got !== want)
    .map(([kind, got, want]) => `${fmtN(r.tables)} tables: ${got} ${kind}, ${want} expected`);
}

/** @param {SizeResult} r */
function renderProfile(r) {
  const p = r.profiled;
  const queries = [...p.queries].sort((a, b) => b.inRunMs - a.inRunMs);
  const inRunTotal = queries.reduce((sum, q) => sum + q.inRunMs, 0);
  const out = [
    `### Where the time goes (${fmtN(r.tables)} tables, one extra profiled run on a single connection)`,
    '',
    `Connect ${fmtMs(p.connectMs)}, \`introspectWithStats()\` ${fmtMs(p.introspectMs)} (streamed catalog queries ${fmtMs(inRunTotal)} of it), ` +
      `\`saveSnapshot()\` (serialise and write, streamed) ${fmtMs(p.saveMs)}; Node start-up and module loading make up the rest of the wall time. ` +
      'Per query: *in run* is submission to the arrival of its last rows inside the introspection (the mapping of the batches before them included); ' +
      '*alone* runs the same SQL again by itself with a plain `client.query` (server, transfer, row parsing), *alone, JIT off* the same with `SET LOCAL jit = off`; ' +
      '*server* is planning + execution from `EXPLAIN (ANALYZE, TIMING OFF)`; *JIT* is the number of functions the server JIT-compiled.',
    '',
    '| reader | rows | in run | alone | alone, JIT off | server | JIT | share of introspection |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const q of queries) {
    out.push(
      `| \`${q.reader}\` | ${fmtN(q.rows ?? 0)} | ${fmtMs(q.inRunMs)} | ${fmtMs(q.plainMs)} | ${fmtMs(q.noJitMs)} | ${fmtMs(q.serverMs)} | ` +
        `${q.jitFunctions || '–'} | ${((100 * q.inRunMs) / p.introspectMs).toFixed(0)}% |`,
    );
  }
  out.push('');
  return out;
}

/**
 * Facts for closing the gap, derived from this run only (so they stay true when rerun): the
 * time budget, what JIT costs, the heaviest queries, and where the memory peak comes from.
 * @param {SizeResult} r
 */
function renderDiagnosis(r) {
  const checks = targetChecks(r);
  if (!checks || (checks.time.ok && checks.rss.ok)) return [];
  const s = summarize(r);
  const q = r.profiled.queries;
  const sum = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0);
  const out = [`### Why the targets are missed (${fmtN(r.tables)} tables, medians)`, ''];
  if (!checks.time.ok) {
    const budget = targets.maxTimeRatio * s.dumpMs;
    const jitted = q.filter((x) => x.jitFunctions > 0);
    const jitCost = sum(jitted.map((x) => Math.max(0, x.plainMs - x.noJitMs)));
    const heavy = [...q].sort((a, b) => b.serverMs - a.serverMs).slice(0, 4);
    const serverTotal = sum(q.map((x) => x.serverMs));
    out.push(
      `- **Floor**: receiving the rows of the same catalog queries over the same sessions, and nothing else, takes ${fmtMs(s.floorMs)} ` +
        `(${s.floorRatio.toFixed(2)}× pg_dump; ${fmtMs(s.floorCpuMs)} of CPU in that process). ` +
        (s.floorMs > budget
          ? `That is above the ${fmtMs(budget)} budget: the target is out of reach of any introspection that reads this catalog through these queries with node-postgres on this machine, before a single object is mapped or written.`
          : `That leaves ${fmtMs(budget - s.floorMs)} of the budget for mapping the rows and writing the snapshot; ours spends ${fmtMs(s.wallMs - s.floorMs)} on them.`),
      `- **Time budget**: ${targets.maxTimeRatio}× pg_dump is ${fmtMs(budget)}; ours takes ${fmtMs(s.wallMs)}: ` +
        `about ${fmtMs(s.idleWallMs)} Node start-up, module loading and connecting (the idle child), ${fmtMs(s.introspectMs)} \`introspectWithStats()\`, ` +
        `${fmtMs(s.saveMs)} \`saveSnapshot()\` (serialising and writing, streamed). ` +
        `Without serialising and writing (idle floor + \`introspectWithStats()\`) it would be ${((s.idleWallMs + s.introspectMs) / s.dumpMs).toFixed(2)}× pg_dump.`,
      `- **Server time**: the ${q.length} catalog queries take ${fmtMs(serverTotal)} on the server (sum of *server*; in the profiled run, one after another on one connection) ` +
        `while Node waits; the rest of \`introspectWithStats()\` is transfer, row parsing and mapping in Node, which the server waits for in turn.`,
      `- **Heaviest queries** (server time): ${heavy.map((x) => `\`${x.reader}\` ${fmtMs(x.serverMs)} for ${fmtN(x.rows)} rows`).join(', ')}.`,
    );
    if (jitted.length) {
      out.push(
        `- **JIT**: ${jitted.map((x) => `\`${x.reader}\``).join(', ')} cross \`jit_above_cost\` and get JIT-compiled; ` +
          `with \`jit = off\` they take ${fmtMs(jitCost)} less in all (${jitted.map((x) => `${x.reader} ${fmtMs(x.plainMs)} → ${fmtMs(x.noJitMs)}`).join(', ')}).`,
      );
    }
  }
  if (!checks.rss.ok) {
    out.push(
      `- **Memory**: peak RSS is ${fmtMb(s.rssAfterIntrospectKb)} when \`introspectWithStats()\` returns and ${fmtMb(s.rssKb)} after \`saveSnapshot()\` ` +
        `(the idle floor is ${fmtMb(s.idleRssKb)}); the serialised text alone is ${fmtMiB(firstRun(r).snapshotBytes)}.`,
    );
  }
  out.push('');
  return out;
}
