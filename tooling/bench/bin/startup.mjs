#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench:startup`: how long `pum --version` and `pum --help` take from spawn to exit —
 * the cost every command pays before doing anything — side by side in one run with a bare
 * `node -e 0` (Node's own start-up, the floor), and rewrite the startup section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/startup.mjs [--runs 20] [--no-write]
 *
 * Needs a build of @pum/cli first (the root script does it). The Markdown result goes to stdout.
 */

import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fmtLoad, fmtMs, medMin } from '../src/format.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { runProcess } from '../src/run-process.mjs';
import { median } from '../src/stats.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const pumBin = join(repoRoot, 'packages/cli/bin/pum.js');
const TARGET_MS = 150;

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, 'no-write': { type: 'boolean', default: false } },
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: startup.mjs [--runs 20] [--no-write]');
  process.exit(2);
}

/** The commands timed, in the order of the table. */
const sides = [
  { label: '`node -e 0` (Node alone, the floor)', args: ['-e', '0'] },
  { label: '`pum --version`', args: [pumBin, '--version'] },
  { label: '`pum --help`', args: [pumBin, '--help'] },
  { label: '`pum upgrade --help`', args: [pumBin, 'upgrade', '--help'] },
];

const loadBefore = os.loadavg();
/** @type {number[][]} */
const times = sides.map(() => []);
// One untimed round warms the file-system cache; then the sides take turns, round by round.
for (let round = 0; round <= runs; round++) {
  for (const [i, side] of sides.entries()) {
    const { wallMs } = await runProcess(process.execPath, side.args);
    if (round > 0) times[i]?.push(wallMs);
  }
}
const loadAfter = os.loadavg();

const version = median(times[1] ?? []);
const met = version <= TARGET_MS;
const cpus = os.cpus();
const body = [
  '## CLI start-up (pnpm bench:startup)',
  '',
  `Command: \`npx --yes pnpm@10.34.9 bench:startup\` (code in \`tooling/bench\`). Run on ${new Date().toISOString().slice(0, 10)}: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), Node ${process.version}. Load average (1/5/15 min) ${fmtLoad(loadBefore)} before, ${fmtLoad(loadAfter)} after.`,
  '',
  `Each figure is a process of its own, spawn to exit, ${runs} rounds after one untimed warm-up, the sides taking turns; median (min). Commands load their work lazily, so these pay only for Node, the command tree and the argument parser.`,
  '',
  '| command | wall | above Node alone |',
  '|---|---:|---:|',
  ...sides.map(
    (side, i) =>
      `| ${side.label} | ${medMin(times[i] ?? [], fmtMs)} | ${i === 0 ? '—' : fmtMs(median(times[i] ?? []) - median(times[0] ?? []))} |`,
  ),
  '',
  `Target: \`pum --version\` cold start ≤ ${TARGET_MS} ms: **${met ? 'met' : 'NOT met'}** (${fmtMs(version)}).`,
  '',
].join('\n');

process.stdout.write(`${body}\n`);
if (!args['no-write']) await writeSection(join(repoRoot, 'BENCHMARKS.md'), 'startup', body);
