// @ts-check
/** The Markdown section of `bench:dump`: ours against pg_dump / pg_restore, clone by template against by pipe. */

import { fmtMiB, fmtMs, fmtN, fmtS, medMin } from './format.mjs';
import { describeMachine } from './machine.mjs';
import { median, min } from './stats.mjs';

/** The target: ours at most 1.05× the raw program, for dump and for restore. */
export const dumpTarget = { maxRatio: 1.05 };

/**
 * One process, spawn to exit.
 * @typedef {object} Run
 * @property {number} wallMs
 * @property {number | undefined} cpuMs its CPU time and that of the programs it waited for (GNU time), when known
 * @property {number} machineBusy how busy all the machine's CPUs were meanwhile, 0 to 1
 */

/**
 * @typedef {object} DumpReportInput
 * @property {string} date
 * @property {string} command
 * @property {import('./machine.mjs').MachineFacts} machine
 * @property {number} runs
 * @property {number} sizeMb asked for
 * @property {{ bytes: number; counts: Record<string, number>; buildMs: number; postgis: boolean }} source
 * @property {{ pgDump: string; pgRestore: string }} tools
 * @property {string[]} rawDumpArgs
 * @property {string[]} rawRestoreArgs
 * @property {{ ours: (Run & { bytes: number })[]; raw: (Run & { bytes: number })[] }} dumps
 * @property {{ ours: Run[]; raw: Run[] }} restores
 * @property {{ template: (Run & { cloneMs: number })[]; pipe: (Run & { cloneMs: number })[] }} clones
 * @property {Record<'pumVersion' | 'oursDump' | 'rawDump' | 'oursRestore' | 'rawRestore' | 'list' | 'toolVersion', number[]>} fixed
 * @property {string[]} problems
 * @property {boolean} cpuTimes whether CPU times were measured
 */

const ratio = (/** @type {number} */ x) => `${x.toFixed(3)}×`;
const share = (/** @type {number} */ x) => `${(100 * x).toFixed(0)} %`;

/**
 * `a` over `b` round by round: median, min and max (the two ran seconds apart, so the
 * machine's drift between rounds cancels out).
 * @param {readonly { wallMs: number }[]} a
 * @param {readonly { wallMs: number }[]} b
 * @example
 * ```js
 * roundRatios([{ wallMs: 110 }, { wallMs: 100 }], [{ wallMs: 100 }, { wallMs: 100 }]); // { median: 1.05, min: 1, max: 1.1 }
 * ```
 */
export function roundRatios(a, b) {
  const ratios = a.slice(0, b.length).map((run, i) => run.wallMs / (b[i]?.wallMs ?? Number.NaN));
  return { median: median(ratios), min: min(ratios), max: Math.max(...ratios) };
}

/** @param {readonly Run[]} runs */
const wall = (runs) =>
  medMin(
    runs.map((r) => r.wallMs),
    fmtS,
  );
/** @param {readonly Run[]} runs */
const cpu = (runs) =>
  runs.every((r) => r.cpuMs !== undefined)
    ? fmtS(median(runs.map((r) => /** @type {number} */ (r.cpuMs))))
    : '—';
/** @param {readonly Run[]} runs */
const busy = (runs) => share(median(runs.map((r) => r.machineBusy)));

/**
 * Render the whole section.
 * @param {DumpReportInput} input
 */
export function renderDumpReport(input) {
  const { source, dumps, restores, clones, fixed } = input;
  const dumpRatio = roundRatios(dumps.ours, dumps.raw);
  const restoreRatio = roundRatios(restores.ours, restores.raw);
  const cloneRatio = roundRatios(clones.pipe, clones.template);
  const rows = Object.values(source.counts).reduce((sum, n) => sum + n, 0);
  const tables = Object.entries(source.counts)
    .map(([table, n]) => `${table} ${fmtN(n)}`)
    .join(', ');
  const verdict = (/** @type {number} */ r) => (r <= dumpTarget.maxRatio ? '**met**' : '**NOT met**');
  const fixedDiff = (/** @type {number[]} */ a, /** @type {number[]} */ b) => fmtMs(median(a) - median(b));
  const perSecond = (/** @type {number} */ ms) => `${fmtMiB((source.bytes / ms) * 1000)}/s`;

  const out = [
    '## Dump, restore and clone (pnpm bench:dump)',
    '',
    `Command: \`${input.command}\` (code in \`tooling/bench\`). Run on ${input.date}: ${describeMachine(input.machine)}`,
    '',
    `The database (asked for: ${fmtN(input.sizeMb)} MB) is **${fmtMiB(source.bytes)}** (\`pg_database_size\`), built in ${fmtS(source.buildMs)} on the throwaway server (fsync off): ` +
      `${fmtN(rows)} rows in ${Object.keys(source.counts).length} tables (${tables}). The three \`bench_dump\` tables have bigint keys, text, numeric, timestamps` +
      `${source.postgis ? ', PostGIS polygons and points (a GiST index)' : ' (no PostGIS on this server)'}, a secondary index each and two foreign keys; ` +
      'filled with `INSERT … SELECT generate_series`, then `VACUUM ANALYZE`.',
    '',
    `Every figure is a process of its own, spawn to exit; ${input.runs} ${input.runs === 1 ? 'round' : 'rounds'}, the two sides swapping who goes first each round; median (min). ` +
      'Ratios are taken round by round (ours / raw of the same round), then their median. ' +
      `Both sides run the same programs, the ones ours picks (\`${input.tools.pgDump}\`, \`${input.tools.pgRestore}\`), ` +
      'and get the connection from libpq’s environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`), never a password on the command line.',
    '',
    '- **dump**: ours is `pum dump --db <url> <file>` (the built `packages/cli/bin/pum.js`; custom format), raw is ' +
      `\`pg_dump ${input.rawDumpArgs.join(' ')}\`, the arguments our \`dumpDatabase()\` passes.`,
    '- **restore**: the archive of the first dump, each side into a fresh empty database (`CREATE DATABASE` from `template1`): ours is ' +
      `\`pum restore --db <url> <file>\`, raw is \`pg_restore ${input.rawRestoreArgs.join(' ')}\` (one job each).`,
    "- **clone**: `cloneDatabase()` of `@pum/dump` in a child process (`src/clone-child.mjs`), `strategy: 'template'` " +
      "(`CREATE DATABASE … TEMPLATE`, `STRATEGY = WAL_LOG` on 15+) against `strategy: 'pipe'` (`pg_dump --format=custom | pg_restore` into a new database).",
    '',
    `| operation | ours: wall | raw: wall | ours / raw (min–max) | ours: CPU | raw: CPU | machine busy (ours, raw) | target ≤ ${dumpTarget.maxRatio}× |`,
    '|---|---:|---:|---:|---:|---:|---:|---|',
    `| dump | ${wall(dumps.ours)} | ${wall(dumps.raw)} | ${ratio(dumpRatio.median)} (${ratio(dumpRatio.min)}–${ratio(dumpRatio.max)}) | ${cpu(dumps.ours)} | ${cpu(dumps.raw)} | ${busy(dumps.ours)}, ${busy(dumps.raw)} | ${verdict(dumpRatio.median)} |`,
    `| restore | ${wall(restores.ours)} | ${wall(restores.raw)} | ${ratio(restoreRatio.median)} (${ratio(restoreRatio.min)}–${ratio(restoreRatio.max)}) | ${cpu(restores.ours)} | ${cpu(restores.raw)} | ${busy(restores.ours)}, ${busy(restores.raw)} | ${verdict(restoreRatio.median)} |`,
    '',
    `| clone | wall | in the call | database size per second | CPU (child and its programs) |`,
    '|---|---:|---:|---:|---:|',
    `| \`template\` | ${wall(clones.template)} | ${medMin(
      clones.template.map((c) => c.cloneMs),
      fmtS,
    )} | ${perSecond(median(clones.template.map((c) => c.wallMs)))} | ${cpu(clones.template)} |`,
    `| \`pipe\` | ${wall(clones.pipe)} | ${medMin(
      clones.pipe.map((c) => c.cloneMs),
      fmtS,
    )} | ${perSecond(median(clones.pipe.map((c) => c.wallMs)))} | ${cpu(clones.pipe)} |`,
    '',
    `Clone by pipe / by template: **${ratio(cloneRatio.median)}** (${ratio(cloneRatio.min)}–${ratio(cloneRatio.max)}).`,
    '',
    `Archive size: ours ${fmtMiB(median(dumps.ours.map((d) => d.bytes)))}, raw ${fmtMiB(median(dumps.raw.map((d) => d.bytes)))}. ` +
      (input.problems.length === 0
        ? 'Every restored and cloned database has exactly the row counts of the source, table by table.'
        : `**Problems**: ${input.problems.join('; ')}.`),
    '',
    `Targets: dump ours ≤ ${dumpTarget.maxRatio}× pg_dump: ${verdict(dumpRatio.median)} (${ratio(dumpRatio.median)}); ` +
      `restore ours ≤ ${dumpTarget.maxRatio}× pg_restore: ${verdict(restoreRatio.median)} (${ratio(restoreRatio.median)}).`,
    '',
    `### Ours' fixed costs (an empty database, ${fixed.oursDump.length} rounds, median (min))`,
    '',
    'What ours does besides the program itself: start Node and the CLI, connect once to read the server version, find the program ' +
      '(candidates’ `--version`), and for restore also `pg_restore --list` of the archive, a query of the target’s extensions and, ' +
      'when entries are left out, a `--use-list` file.',
    '',
    '| step | time |',
    '|---|---:|',
    `| \`pum --version\` (Node and the CLI alone) | ${medMin(fixed.pumVersion, fmtMs)} |`,
    `| \`pg_dump --version\` (one candidate checked) | ${medMin(fixed.toolVersion, fmtMs)} |`,
    `| \`pum dump\` / \`pg_dump\` of an empty database | ${medMin(fixed.oursDump, fmtMs)} / ${medMin(fixed.rawDump, fmtMs)}: **+${fixedDiff(fixed.oursDump, fixed.rawDump)}** |`,
    `| \`pum restore\` / \`pg_restore\` of its archive | ${medMin(fixed.oursRestore, fmtMs)} / ${medMin(fixed.rawRestore, fmtMs)}: **+${fixedDiff(fixed.oursRestore, fixed.rawRestore)}** |`,
    `| \`pg_restore --list\` of the ${fmtMiB(median(dumps.ours.map((d) => d.bytes)))} archive | ${medMin(fixed.list, fmtMs)} |`,
    '',
    `At this size the fixed costs are ${share((median(fixed.oursDump) - median(fixed.rawDump)) / median(dumps.raw.map((d) => d.wallMs)))} of a raw dump and ` +
      `${share((median(fixed.oursRestore) - median(fixed.rawRestore) + median(fixed.list)) / median(restores.raw.map((d) => d.wallMs)))} of a raw restore (with the archive’s \`--list\`).`,
    '',
  ];
  return out.join('\n');
}
