#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench:upgrade-many`: time `pum upgrade --targets FILE` bringing D empty databases
 * (default 50) through N small PUM 0.x deltas (default 100) one database at a time (`--jobs 1`)
 * and several at once (`--jobs 4`), side by side in one run, and rewrite the upgrade-many
 * section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/upgrade-many.mjs [--databases 50] [--deltas 100] [--jobs 4] [--runs 2] [--no-write]
 *
 * Each side is the built `pum` binary, spawn to exit, on a fresh set of databases (created
 * before the clock starts, dropped after); the order alternates from run to run. Every database
 * is checked afterwards against what the deltas make, and the summary must count them all ok.
 *
 * Needs a build of @pum/cli and @pum/test-postgres first (the root script does it). Progress
 * goes to stderr; the Markdown result to stdout.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres } from '@pum/test-postgres';
import { fmtMs } from '../src/format.mjs';
import { busyShare, cpuTimes, describeMachine, machineFacts } from '../src/machine.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { runProcess } from '../src/run-process.mjs';
import { median } from '../src/stats.mjs';
import { syntheticDeltas, writeDeltas } from '../src/synthetic-deltas.mjs';
import { historyTables, outcomeProblems, readOutcome } from '../src/upgrade-sides.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const pumBin = join(repoRoot, 'packages/cli/bin/pum.js');

const usage = 'usage: upgrade-many.mjs [--databases 50] [--deltas 100] [--jobs 4] [--runs 2] [--no-write]';
const { values: args } = parseArgs({
  options: {
    databases: { type: 'string', default: '50' },
    deltas: { type: 'string', default: '100' },
    jobs: { type: 'string', default: '4' },
    runs: { type: 'string', default: '2' },
    'no-write': { type: 'boolean', default: false },
  },
});
const databases = Number(args.databases);
const count = Number(args.deltas);
const jobs = Number(args.jobs);
const runs = Number(args.runs);
if (![databases, count, jobs, runs].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error(usage);
  process.exit(2);
}

const progress = (/** @type {string} */ line) => process.stderr.write(`[bench:upgrade-many] ${line}\n`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;

const benchStarted = Date.now();
const loadBefore = os.loadavg();
const server = await startPostgres();
const workDir = await mkdtemp(join(os.tmpdir(), 'pum-bench-upgrade-many-'));
try {
  const { deltas, expected } = syntheticDeltas(count);
  const { pum0Dir } = await writeDeltas(workDir, deltas);
  progress(`${server.backend} PostgreSQL ${server.serverVersion}; ${count} deltas written to ${workDir}`);

  /**
   * Upgrade a fresh set of `n` databases with `pum upgrade --jobs j`, timed spawn to exit; check
   * every database, drop them.
   * @param {number} j
   * @param {string} tag
   * @param {number} n
   */
  async function side(j, tag, n) {
    const urls = [];
    for (let i = 1; i <= n; i++) urls.push(await server.createDatabase(`many_${tag}_${i}`));
    const targets = join(workDir, `targets-${tag}.txt`);
    await writeFile(targets, `# ${n} databases\n${urls.join('\n')}\n`);
    try {
      const cpu = cpuTimes();
      const run = await runProcess(process.execPath, [
        pumBin,
        'upgrade',
        '--targets',
        targets,
        '--dir',
        pum0Dir,
        '--jobs',
        String(j),
      ]);
      const machineBusy = busyShare(cpu, cpuTimes());
      if (!run.stdout.includes(`${n} database(s): ${n} ok, 0 failed`))
        throw new Error(
          `pum upgrade --jobs ${j} did not upgrade every database:\n${run.stdout.slice(-2000)}`,
        );
      for (const url of urls) {
        const problems = outcomeProblems(await readOutcome(url, historyTables.pum), expected, count);
        if (problems.length > 0) throw new Error(`${url} is unlike the deltas': ${problems.join('; ')}`);
      }
      return { wallMs: run.wallMs, machineBusy };
    } finally {
      for (let i = 1; i <= n; i++) await server.dropDatabase(`many_${tag}_${i}`);
    }
  }

  progress('warming up (one untimed run of 2 databases)…');
  await side(2, 'warm', 2);

  /** @type {{ serial: { wallMs: number, machineBusy: number }[], concurrent: { wallMs: number, machineBusy: number }[] }} */
  const timed = { serial: [], concurrent: [] };
  for (let r = 1; r <= runs; r++) {
    const order = r % 2 === 1 ? ['serial', 'concurrent'] : ['concurrent', 'serial'];
    const line = [];
    for (const mode of /** @type {('serial' | 'concurrent')[]} */ (order)) {
      const result = await side(mode === 'serial' ? 1 : jobs, `${mode}_${r}`, databases);
      timed[mode].push(result);
      line.push(`${mode} ${seconds(result.wallMs)}`);
    }
    progress(`run ${r}/${runs}: ${line.join(', ')}`);
  }

  const serial = median(timed.serial.map((t) => t.wallMs));
  const concurrent = median(timed.concurrent.map((t) => t.wallMs));
  const busy = (/** @type {{ machineBusy: number }[]} */ list) =>
    list.map((t) => `${Math.round(t.machineBusy * 100)} %`).join(', ');
  const machine = machineFacts(server, loadBefore);
  const markdown = `## Upgrading many databases (pnpm bench:upgrade-many)

Command: \`npx --yes pnpm@10.34.9 bench:upgrade-many\` (code in \`tooling/bench\`). Run on ${new Date().toISOString().slice(0, 10)}: ${describeMachine(machine)}

${databases} empty databases on one server, each brought through the same ${count} small PUM 0.x deltas of
\`bench:upgrade\` by one \`pum upgrade --targets FILE --dir DIR\` (the built binary, spawn to exit; every
database checked afterwards), one database at a time and ${jobs} at once; median of ${runs} run(s), the order
alternating.

| | wall | per database | speed-up | machine busy (each run) |
|---|---|---|---|---|
| \`--jobs 1\` | ${seconds(serial)} | ${fmtMs(serial / databases)} | 1.00× | ${busy(timed.serial)} |
| \`--jobs ${jobs}\` | ${seconds(concurrent)} | ${fmtMs(concurrent / databases)} | ${(serial / concurrent).toFixed(2)}× | ${busy(timed.concurrent)} |
`;
  process.stdout.write(`${markdown}\n`);
  if (!args['no-write']) {
    await writeSection(join(repoRoot, 'BENCHMARKS.md'), 'upgrade-many', markdown);
    progress('wrote BENCHMARKS.md');
  }
  progress(`done in ${seconds(Date.now() - benchStarted)}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
  await server.stop();
}
