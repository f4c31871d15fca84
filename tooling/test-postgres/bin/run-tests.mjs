#!/usr/bin/env node
// @ts-check
/**
 * `pnpm test`: `turbo run test` (each package builds first, then runs its unit and database
 * tests), then the total of what was skipped over all packages, each skipped test and check
 * named with its reason, and last each failed test with its error: `node tooling/test-postgres/bin/run-tests.mjs [turbo args…]`.
 *
 * Every package's vitest run writes what it skipped to `PUM_TEST_RUN_DIR` (a fresh directory
 * made here) through `@pum/test-postgres/reporter`. turbo runs at most
 * `PUM_TEST_CONCURRENCY` tasks at once (default: the number of CPUs, at least 2): each
 * package's database tests start a server and spawn CLIs, and many suites side by side on a
 * small machine only make every one of them slow. The exit code is turbo's.
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageDir, '..', '..');

/** turbo's arguments: `run test`, a concurrency unless one is given, then ours. */
export function turboArgs(/** @type {string[]} */ extra, /** @type {NodeJS.ProcessEnv} */ env = process.env) {
  const given = extra.some((arg) => arg.startsWith('--concurrency'));
  const concurrency = env.PUM_TEST_CONCURRENCY || String(Math.max(2, availableParallelism()));
  return ['run', 'test', ...(given ? [] : [`--concurrency=${concurrency}`]), ...extra];
}

/**
 * The skip reports in `runDir`, one per vitest run.
 * @param {string} runDir
 * @returns {import('../dist/index.js').SkipReport[]}
 */
export function readSkipReports(runDir) {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir)
    .filter((file) => file.endsWith('.skips.json'))
    .map((file) => JSON.parse(readFileSync(join(runDir, file), 'utf8')));
}

/**
 * The closing total, from the built harness (which the test runs built).
 * @param {import('../dist/index.js').SkipReport[]} reports
 * @param {string} heading
 */
export async function skipTotal(reports, heading) {
  const harness = await builtHarness();
  if (!harness) return `[test-postgres] ${heading}: no skip report (the test harness was not built)`;
  return harness.formatSkipTotal(reports, heading);
}

/**
 * The built harness (which the test runs built), or undefined when it was not built.
 * @returns {Promise<typeof import('../dist/index.js') | undefined>}
 */
async function builtHarness() {
  const dist = join(packageDir, 'dist', 'index.js');
  return existsSync(dist) ? import(dist) : undefined;
}

/**
 * The closing lines naming each failed test with its error (none when nothing failed), from
 * the built harness.
 * @param {import('../dist/index.js').SkipReport[]} reports
 * @param {string} heading
 * @returns {Promise<string[]>}
 */
export async function failureLines(reports, heading) {
  return (await builtHarness())?.formatFailures(reports, heading) ?? [];
}

/**
 * Run `command args` with the output shown, forwarding SIGINT/SIGTERM; resolves with its exit
 * code (1 when it died of a signal).
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
export function runShown(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    /** @param {NodeJS.Signals} signal */
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (/** @type {number} */ code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(signal ? 1 : (code ?? 1)));
  });
}

async function main() {
  const runDir = mkdtempSync(join(tmpdir(), 'pum-test-run-'));
  try {
    const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
    const code = await runShown(turbo, turboArgs(process.argv.slice(2)), {
      ...process.env,
      PUM_TEST_RUN_DIR: runDir,
    });
    const reports = readSkipReports(runDir);
    console.error(`\n${await skipTotal(reports, 'all packages')}`);
    // Last, where the tail of a CI log shows it.
    const failed = await failureLines(reports, 'all packages');
    if (failed.length > 0) console.error(`\n${failed.join('\n')}`);
    return code;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
