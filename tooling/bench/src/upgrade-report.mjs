// @ts-check
/** The Markdown section of `bench:upgrade`: ours against psql and node-pg-migrate, the target, where the time goes. */

import { fmtMs, fmtN, fmtS, medMin } from './format.mjs';
import { describeMachine } from './machine.mjs';
import { median } from './stats.mjs';
import { describeSide, SIDES } from './upgrade-sides.mjs';

/** The target of issue 18: ours at most as long as one psql session running the same files. */
export const upgradeTarget = { maxRatio: 1.0 };

/**
 * What `upgrade-child.mjs` prints.
 * @typedef {object} ChildTimes
 * @property {number} loadedMs Node start-up and module loading, to the child's first line
 * @property {number} readMs `loadPum0Module()`: reading, normalising and checksumming the files
 * @property {number} connectMs
 * @property {number} applyMs `applyDeltas()`, or the plain loop of a floor
 * @property {number} applyCpuMs Node's CPU time (user + system) meanwhile
 * @property {number} applyUserMs of which user time
 * @property {number} applied
 * @property {import('./upgrade-child.mjs').UpgradeProfile} [profile] with `--profile`
 */

/**
 * One side, one run.
 * @typedef {object} SideRun
 * @property {import('./upgrade-sides.mjs').Side} side
 * @property {number} wallMs spawn to exit
 * @property {number | undefined} cpuMs its process's CPU time (GNU time), when known
 * @property {number | undefined} serverMs the server's CPU time meanwhile, when it runs here
 * @property {number} machineBusy how busy all the machine's CPUs were meanwhile, 0 to 1
 * @property {ChildTimes | undefined} child what our child (or a floor's) reported
 */

/**
 * @typedef {object} UpgradeReportInput
 * @property {string} date
 * @property {string} command
 * @property {import('./machine.mjs').MachineFacts} machine
 * @property {string} psqlVersion
 * @property {number} count deltas
 * @property {number} runs
 * @property {import('./synthetic-deltas.mjs').SyntheticDelta[]} deltas
 * @property {import('./synthetic-deltas.mjs').DeltaCounts} expected
 * @property {Record<import('./upgrade-sides.mjs').Side, SideRun[]>} timed
 * @property {SideRun} profiled
 */

const verdict = (/** @type {boolean} */ ok) => (ok ? '**met**' : '**NOT met**');
const ratio = (/** @type {number} */ x) => `${x.toFixed(2)}×`;
const perFile = (/** @type {number} */ ms, /** @type {number} */ files) => `${(ms / files).toFixed(2)} ms`;
const share = (/** @type {number} */ x) => `${(100 * x).toFixed(0)} %`;

/** @type {Record<import('./upgrade-sides.mjs').Side, string>} */
const labels = {
  pum: '**ours**',
  psql: '**psql**',
  'node-pg-migrate': 'node-pg-migrate',
  raw: 'floor: plain `pg`, 4 round trips per file',
  batched: 'floor: plain `pg`, 1 round trip per file',
  many: 'floor: plain `pg`, 100 files per message',
};

/**
 * The median of `pick` over `runs`, or `undefined` when some run lacks it.
 * @param {readonly SideRun[]} runs
 * @param {(run: SideRun) => number | undefined} pick
 */
function medianOf(runs, pick) {
  const values = runs.map(pick);
  return values.length > 0 && values.every((v) => v !== undefined)
    ? median(/** @type {number[]} */ (values))
    : undefined;
}

/**
 * `a` over `b` round by round (both ran in the same round, seconds apart), as median, min and
 * max: steadier than the ratio of medians when the machine's speed drifts between rounds.
 * @param {readonly SideRun[]} a
 * @param {readonly SideRun[]} b
 * @example
 * ```js
 * pairedRatios(timed.pum, timed.psql); // { median: 1.35, min: 1.2, max: 1.6 }
 * ```
 */
export function pairedRatios(a, b) {
  const ratios = a.map((run, i) => run.wallMs / (b[i]?.wallMs ?? Number.NaN)).filter(Number.isFinite);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** `1.35× (1.20×–1.60×)` @param {{ median: number; min: number; max: number }} r */
const ratioRange = (r) => `${ratio(r.median)} (${ratio(r.min)}–${ratio(r.max)})`;

/**
 * Render the whole section.
 * @param {UpgradeReportInput} input
 */
export function renderUpgradeReport(input) {
  const { count, timed } = input;
  const wall = (/** @type {import('./upgrade-sides.mjs').Side} */ side) =>
    median(timed[side].map((r) => r.wallMs));
  const ours = wall('pum');
  const psql = wall('psql');
  const paired = pairedRatios(timed.pum, timed.psql);
  const statements = input.deltas.reduce((sum, d) => sum + d.statements, 0);
  const out = [
    '## Upgrade: applying deltas to an empty database (pnpm bench:upgrade)',
    '',
    `Command: \`${input.command}\` (code in \`tooling/bench\`). Run on ${input.date}: ${describeMachine(input.machine)} ${input.psqlVersion}.`,
    '',
    `${fmtN(count)} small PUM 0.x deltas (\`delta/delta_0.0.<n>_<name>.sql\`, ${fmtN(statements)} statements in all): the first creates a schema, then every five ` +
      'build one table: create it (identity key, comment), add two columns with a CHECK and a foreign key to the previous table, ' +
      'insert 20 rows, add an index, update a third of the rows and create a view. Each side applies all of them to a fresh empty database, ' +
      'each file in a transaction of its own together with a history row, as a process of its own timed spawn to exit (start-up included); ' +
      `one untimed warm-up of each, then ${input.runs} ${input.runs === 1 ? 'round' : 'rounds'} with the order rotating, median (min). ` +
      'Every database is checked afterwards: one history row per file, and the tables, views, indexes, foreign keys and rows the deltas make. ' +
      '*Its process’s CPU* is GNU time’s user + system time of that process; *server CPU* is the CPU time the server’s processes used meanwhile ' +
      '(from `/proc`: the backend, and autovacuum or the checkpointer when they ran).',
    '',
    `- **ours**: a Node child (\`src/upgrade-child.mjs\`) that runs ${describeSide('pum')}, as \`pum upgrade\` does.`,
    `- **psql**: ${describeSide('psql')}; the checksums are computed when the script is written.`,
    `- **node-pg-migrate**: ${describeSide('node-pg-migrate')}; the same files numbered \`0001_<name>.sql\`.`,
    `- **floors**, in the same kind of Node child as ours, which loads \`@pum/deltas\` and reads the files with \`loadPum0Module()\` too, then applies them without it: ${describeSide('raw')}; ${describeSide('batched')}; and ${describeSide('many')}.`,
    '',
    '| | wall | per file | / psql | its process’s CPU | server CPU |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const side of SIDES) {
    const rows = timed[side];
    if (rows.length === 0) continue;
    const cpu = medianOf(rows, (r) => r.cpuMs);
    const server = medianOf(rows, (r) => r.serverMs);
    out.push(
      `| ${labels[side]} | ${medMin(
        rows.map((r) => r.wallMs),
        fmtS,
      )} | ${perFile(wall(side), count)} | ${ratio(wall(side) / psql)} | ${cpu === undefined ? '–' : fmtMs(cpu)} | ${server === undefined ? '–' : fmtMs(server)} |`,
    );
  }
  out.push(
    '',
    `Ours / psql: ${ratio(ours / psql)} from the medians; round by round ${ratioRange(paired)}; ` +
      `fastest run against fastest run ${ratio(Math.min(...timed.pum.map((r) => r.wallMs)) / Math.min(...timed.psql.map((r) => r.wallMs)))}.`,
    '',
    `Target: ours ≤ ${upgradeTarget.maxRatio.toFixed(1)}× psql: ${verdict(ours / psql <= upgradeTarget.maxRatio)} (${ratio(ours / psql)}, medians).`,
    '',
    `Every database held ${fmtN(count)} history rows, ${fmtN(input.expected.tables)} tables, ${fmtN(input.expected.views)} views, ` +
      `${fmtN(input.expected.indexes)} indexes, ${fmtN(input.expected.foreignKeys)} foreign keys and ${fmtN(input.expected.rows)} rows, as the deltas make.`,
    '',
  );
  out.push(...renderWhere(input));
  return out.join('\n');
}

/**
 * Where ours spends its time: the child's phases, the profiled run, and the gap to psql.
 * @param {UpgradeReportInput} input
 */
function renderWhere(input) {
  const { count, timed } = input;
  const children = timed.pum.map((r) => r.child).filter((c) => c !== undefined);
  const profile = input.profiled.child?.profile;
  if (children.length === 0 || !profile) return [];
  const med = (/** @type {(c: ChildTimes) => number} */ pick) => median(children.map(pick));
  const wall = (/** @type {import('./upgrade-sides.mjs').Side} */ side) =>
    median(timed[side].map((r) => r.wallMs));
  const cpu = (/** @type {import('./upgrade-sides.mjs').Side} */ side) =>
    medianOf(timed[side], (r) => r.cpuMs);
  const server = (/** @type {import('./upgrade-sides.mjs').Side} */ side) =>
    medianOf(timed[side], (r) => r.serverMs);
  const statements = input.deltas.reduce((sum, d) => sum + d.statements, 0);
  const files = profile.fileCount || count;
  const roundTrips = profile.files.reduce((sum, k) => sum + k.count, 0);
  const inQueries = profile.files.reduce((sum, k) => sum + k.ms, 0);
  const applyMs = input.profiled.child?.applyMs ?? 0;
  const fixedMs = med((c) => c.loadedMs) + med((c) => c.readMs) + med((c) => c.connectMs);
  const out = [
    `### Where ours spends its time (${fmtN(count)} deltas)`,
    '',
    `**Phases** (medians of the timed runs): Node start-up and loading ${fmtMs(med((c) => c.loadedMs))}, \`loadPum0Module()\` (reading, normalising ` +
      `and checksumming the files) ${fmtMs(med((c) => c.readMs))}, connecting ${fmtMs(med((c) => c.connectMs))}, \`applyDeltas()\` ` +
      `${fmtMs(med((c) => c.applyMs))} (Node CPU ${fmtMs(med((c) => c.applyCpuMs))}, of which ${fmtMs(med((c) => c.applyUserMs))} user). ` +
      `\`applyDeltas()\` alone is ${ratio(med((c) => c.applyMs) / wall('psql'))} psql’s whole run.`,
    '',
    `**Queries** (one extra run, every query timed from submission to result): \`applyDeltas()\` took ${fmtMs(applyMs)}. ` +
      `Before the first file ${fmtMs(profile.setupMs)}: ${profile.setup.map((k) => `${k.kind} ${k.count}× ${fmtMs(k.ms)}`).join(', ')}, ` +
      `and ${fmtMs(profile.setupGapMs)} outside queries (preparing the files: lexing, splitting, classifying). ` +
      `The files ${fmtMs(profile.filesMs)}, first \`BEGIN\` to last \`COMMIT\`: ${fmtN(roundTrips)} round trips ` +
      `(${(roundTrips / files).toFixed(2)} per file), ${fmtMs(inQueries)} waiting for them and ${fmtMs(profile.filesGapMs)} ` +
      `(${perFile(profile.filesGapMs, files)} per file) in Node between them. After the last file ${fmtMs(profile.teardownMs)}.`,
    '',
    '| per file | queries | total | per file | share of the files’ time |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const k of [...profile.files].sort((a, b) => b.ms - a.ms)) {
    out.push(
      `| ${k.kind} | ${fmtN(k.count)} | ${fmtMs(k.ms)} | ${perFile(k.ms, files)} | ${share(k.ms / profile.filesMs)} |`,
    );
  }
  out.push(
    `| *Node, between queries* | | ${fmtMs(profile.filesGapMs)} | ${perFile(profile.filesGapMs, files)} | ${share(profile.filesGapMs / profile.filesMs)} |`,
    '',
    `**Round trips per file**: ours ${(roundTrips / files).toFixed(2)} (${
      profile.files.some((k) => k.kind.startsWith('several files'))
        ? 'the files after the first sent many to a simple-protocol message, each file still `BEGIN;`, the file, its history `INSERT` with literal values and `COMMIT;`'
        : profile.files.some((k) => k.kind.includes('one message'))
          ? '`BEGIN;`, the file, the history `INSERT` with literal values and `COMMIT;` as one simple-protocol message'
          : '`BEGIN`, the file as one simple-protocol message, the history `INSERT` as one extended-protocol Parse/Bind/Describe/Execute/Sync, `COMMIT`'
    }); psql ${(3 + statements / count).toFixed(2)} (\`BEGIN\`, each of the file’s ` +
      'statements on its own, the `INSERT`, `COMMIT`); node-pg-migrate 4 (`BEGIN`, the file, the `INSERT`, `COMMIT`).',
    '',
  );

  const budget = upgradeTarget.maxRatio * wall('psql');
  const bullets = [
    `- **Budget**: ${upgradeTarget.maxRatio.toFixed(1)}× psql is ${fmtMs(budget)}; ours takes ${fmtMs(wall('pum'))}, ` +
      `${wall('pum') > budget ? `${fmtMs(wall('pum') - budget)} over` : `${fmtMs(budget - wall('pum'))} under`}. ` +
      `Start-up, loading, reading the files and connecting take ${fmtMs(fixedMs)} of it, whatever the number of files.`,
  ];
  const [oursCpu, psqlCpu, oursServer, psqlServer] = [cpu('pum'), cpu('psql'), server('pum'), server('psql')];
  if (oursCpu !== undefined && psqlCpu !== undefined) {
    bullets.push(
      `- **Client CPU**: ours used ${fmtMs(oursCpu)} of CPU in its own process against ${fmtMs(psqlCpu)} for psql` +
        (oursServer !== undefined && psqlServer !== undefined
          ? `; the server used ${fmtMs(oursServer)} for ours and ${fmtMs(psqlServer)} for psql. ` +
            'A run is a ping-pong of round trips, so both add up in the wall time.'
          : '.'),
    );
  }
  const overMany = pairedRatios(timed.pum, timed.many);
  bullets.push(
    `- **Floors** (round by round): plain \`pg\` sending 4 round trips per file takes ${ratioRange(pairedRatios(timed.raw, timed.psql))} psql, ` +
      `one round trip per file ${ratioRange(pairedRatios(timed.batched, timed.psql))}, ` +
      `100 files per message, as ours sends them, ${ratioRange(pairedRatios(timed.many, timed.psql))}. ` +
      `Ours takes ${ratioRange(overMany)} that last floor: what \`@pum/deltas\` adds on top of \`pg\` ${overMany.median < 1.05 ? 'is within the noise' : `is ${share(overMany.median - 1)}`}.`,
  );
  out.push(
    `### Why the target ${wall('pum') / wall('psql') <= upgradeTarget.maxRatio ? 'is met' : 'is missed'} (medians)`,
    '',
    ...bullets,
    '',
  );
  if (profile.historyInsertSql) {
    out.push(
      '<details><summary>The history insert as sent, once per file</summary>',
      '',
      '```sql',
      profile.historyInsertSql.trim(),
      '```',
      '',
      '</details>',
      '',
    );
  }
  return out;
}
