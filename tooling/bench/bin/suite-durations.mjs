#!/usr/bin/env node
// @ts-check
/**
 * Did any test get slower? Run each package's tests in two built checkouts of this repository —
 * an earlier one and this one — taking turns package by package, and compare the time of every
 * test both have (same file, same name) that passed in both. Prints a Markdown table to stdout.
 *
 *   node tooling/bench/bin/suite-durations.mjs --base <checkout> [--packages core,deltas,…]
 *     [--order base-first|now-first] [--out <dir>]
 *
 * `<checkout>` is a clone at the earlier commit, installed and built (`pnpm install`,
 * `pnpm build`). Each side runs `vitest run --reporter=json` in the package; the raw reports
 * stay in `--out` (default: a temporary directory). Run it with the machine otherwise idle, and
 * once in each `--order`: the side that runs second tends to be a little slower.
 */

import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ALL = ['core', 'connect', 'server', 'introspect', 'diff', 'dump', 'deltas', 'cli'];
const usage =
  'usage: suite-durations.mjs --base <checkout> [--packages a,b] [--order base-first|now-first] [--out <dir>]';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    packages: { type: 'string', default: ALL.join(',') },
    order: { type: 'string', default: 'base-first' },
    out: { type: 'string' },
  },
});
if (!args.base || !['base-first', 'now-first'].includes(args.order ?? '')) {
  console.error(usage);
  process.exit(2);
}
const packages = (args.packages ?? '').split(',').map((name) => name.trim());
const unknown = packages.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown package(s): ${unknown.join(', ')}\n${usage}`);
  process.exit(2);
}
const out = args.out ?? (await mkdtemp(join(os.tmpdir(), 'pum-test-durations-')));
const roots = { base: args.base, now: repoRoot };
/** @type {('base' | 'now')[]} */
const sides = args.order === 'now-first' ? ['now', 'base'] : ['base', 'now'];

/**
 * @typedef {{ ms: number; passed: boolean }} TestTime
 * @typedef {{ tests: Map<string, TestTime>; total: number; failed: string[] }} Report
 */

/**
 * Run one package's tests in one checkout and read its JSON report.
 * @param {'base' | 'now'} side
 * @param {string} name
 * @returns {Promise<Report>}
 */
async function runTests(side, name) {
  const file = join(out, `${side}-${name}.json`);
  const cwd = join(roots[side], 'packages', name);
  // A failing test makes vitest exit 1: the report says which, so only a missing report is an error.
  spawnSync('npx', ['vitest', 'run', '--reporter=json', `--outputFile=${file}`], { cwd, stdio: 'ignore' });
  /** @type {{ numTotalTests: number; testResults: { name: string; assertionResults: { fullName: string; duration?: number | null; status: string }[] }[] }} */
  const report = JSON.parse(await readFile(file, 'utf8'));
  /** @type {Map<string, TestTime>} */
  const tests = new Map();
  /** @type {string[]} */
  const failed = [];
  for (const result of report.testResults) {
    const path = result.name.slice(result.name.indexOf(`/packages/${name}/`) + '/packages/'.length);
    for (const test of result.assertionResults) {
      const key = `${path} › ${test.fullName}`;
      tests.set(key, { ms: test.duration ?? 0, passed: test.status === 'passed' });
      if (test.status === 'failed') failed.push(key);
    }
  }
  return { tests, total: report.numTotalTests, failed };
}

const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;
const rows = [];
/** @type {string[]} */
const notes = [];
for (const name of packages) {
  /** @type {Partial<Record<'base' | 'now', Report>>} */
  const reports = {};
  for (const side of sides) {
    process.stderr.write(`[suite-durations] ${name}: ${side}\n`);
    reports[side] = await runTests(side, name);
  }
  const { base, now } = /** @type {Record<'base' | 'now', Report>} */ (reports);
  let baseMs = 0;
  let nowMs = 0;
  let common = 0;
  for (const [key, before] of base.tests) {
    const after = now.tests.get(key);
    if (!after || !before.passed || !after.passed) continue;
    common++;
    baseMs += before.ms;
    nowMs += after.ms;
    if (after.ms > 1.5 * before.ms && after.ms - before.ms > 300)
      notes.push(`- slower: ${key}: ${before.ms.toFixed(0)} → ${after.ms.toFixed(0)} ms`);
  }
  for (const key of now.failed) notes.push(`- failed now: ${key}`);
  const ratio = baseMs > 0 ? `${(nowMs / baseMs).toFixed(2)}×` : '–';
  rows.push(
    `| ${name} | ${base.total} / ${now.total} | ${common} | ${seconds(baseMs)} | ${seconds(nowMs)} | ${ratio} | ${base.failed.length} / ${now.failed.length} |`,
  );
}

process.stdout.write(
  [
    `Order: ${sides.join(' then ')}, package by package. Reports in ${out}.`,
    '',
    '| package | tests base / now | in both | their time, base | now | now / base | failed base / now |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    notes.length > 0 ? notes.join('\n') : 'No test in both is 1.5× and 300 ms slower, none failed.',
    '',
  ].join('\n'),
);
