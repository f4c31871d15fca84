#!/usr/bin/env node

// @ts-check
/**
 * `pnpm bench:data-check`: time the built `pum check --data` on two synthetic tables differing
 * in about 0.1 % of their rows, by checksummed key ranges (the default) and by the full
 * streaming merge (`PUM_DATA_CHECK=stream`) side by side in one run, and rewrite the data check
 * section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/data-check.mjs [--rows 1000000,10000000] [--runs 3] [--no-write] [--json <file>]
 *
 * Database A holds `bench_data.rows_<N>` for every N; B is made from A as a template and changed
 * (one row in 2,000 updated, one in 4,000 deleted, as many inserted past the last id). Every
 * report is read back and its counts compared with what was changed, and the two paths'
 * reports with each other. The servers' hashing floor is measured with one plain query per side.
 *
 * Needs a build of @pum/cli and its dependencies first (the root script does it). Progress
 * goes to stderr; the Markdown result to stdout.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { startPostgres } from '@pum/test-postgres';
import pg from 'pg';
import { buildDatabase } from '../src/build-database.mjs';
import { renderDataCheckReport } from '../src/data-check-report.mjs';
import { busyShare, cpuTimes, machineFacts } from '../src/machine.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { envWithoutPg, hasGnuTime, runProcess, runProcessWithUsage } from '../src/run-process.mjs';
import { rowsSchema, rowsTable, syntheticRowChanges, syntheticRowsSql } from '../src/synthetic-rows.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const pumBin = join(repoRoot, 'packages/cli/bin/pum.js');
const cliChild = fileURLToPath(new URL('../src/cli-child.mjs', import.meta.url));

const usage = 'usage: data-check.mjs [--rows 1000000,10000000] [--runs 3] [--no-write] [--json <file>]';
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000,10000000' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const rowCounts = String(args.rows)
  .split(',')
  .filter((item) => item.trim() !== '')
  .map((item) => Number(item.trim()));
const runs = Number(args.runs);
if (!rowCounts.every((n) => Number.isInteger(n) && n >= 1) || !Number.isInteger(runs) || runs < 1) {
  console.error(usage);
  process.exit(2);
}

const progress = (/** @type {string} */ line) => process.stderr.write(`[bench:data-check] ${line}\n`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;

const rssMethod = (await hasGnuTime()) ? 'gnu-time' : 'in-process';

/**
 * Run `pum` as a user does, as a process of its own (under GNU time when there is one). Exit
 * code 1 (differences found) is success here.
 * @param {string[]} pumArgs
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<import('../src/data-check-report.mjs').PumRun>}
 */
async function pum(pumArgs, env) {
  const options = { env, exitCodes: [0, 1] };
  const cpu = cpuTimes();
  if (rssMethod === 'gnu-time') {
    const run = await runProcessWithUsage(process.execPath, [pumBin, ...pumArgs], options);
    return {
      wallMs: run.wallMs,
      maxRssKb: run.maxRssKb,
      cpuMs: run.cpuMs,
      machineBusy: busyShare(cpu, cpuTimes()),
    };
  }
  const run = await runProcess(process.execPath, [cliChild, ...pumArgs], options);
  const { maxRssKb, cpuMs } = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  return { wallMs: run.wallMs, maxRssKb, cpuMs, machineBusy: busyShare(cpu, cpuTimes()) };
}

/**
 * The servers' floor: `sum(hashtextextended(t::text, 0))` over the whole table, one side
 * alone, then both sides at once, as the fast path's first level reads every row.
 * @param {string[]} urls
 * @param {string} table
 */
async function hashingFloor(urls, table) {
  const sql = `SELECT count(*), sum(hashtextextended(t::text COLLATE "C", 0)) FROM ${table} t`;
  const clients = await Promise.all(
    urls.map(async (url) => {
      const client = new pg.Client({ connectionString: url, application_name: 'pum-bench' });
      await client.connect();
      return client;
    }),
  );
  try {
    const time = async (/** @type {pg.Client[]} */ list) => {
      const started = performance.now();
      await Promise.all(list.map((c) => c.query(sql)));
      return performance.now() - started;
    };
    await time(clients);
    const oneSideMs = await time(clients.slice(0, 1));
    const bothSidesMs = await time(clients);
    return { oneSideMs, bothSidesMs };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** @returns {Promise<import('@pum/diff').DiffReport>} */
const readReport = async (/** @type {string} */ file) => JSON.parse(await readFile(file, 'utf8'));

const paths = /** @type {const} */ (['ranges', 'stream']);
const benchStarted = Date.now();
const loadBefore = os.loadavg();
const server = await startPostgres({ postgis: true });
const workDir = await mkdtemp(join(os.tmpdir(), 'pum-bench-data-check-'));
try {
  const postgis = server.postgisTemplate !== undefined;
  progress(
    `${server.backend} PostgreSQL ${server.serverVersion}, PostGIS ${server.postgisVersion ?? 'none'}`,
  );
  const reportFile = join(workDir, 'report.json');
  const [nameA, nameB] = ['data_check_a', 'data_check_b'];
  progress(`filling ${rowCounts.map((rows) => `${rowsSchema}.${rowsTable(rows)}`).join(', ')}…`);
  const builtA = await buildDatabase(
    server,
    nameA,
    rowCounts.map((rows) => syntheticRowsSql({ rows, postgis })),
  );
  const changes = rowCounts.map((rows) => syntheticRowChanges({ rows, postgis }));
  const builtB = await buildDatabase(
    server,
    nameB,
    changes.map((change) => change.sql),
    { template: nameA },
  );
  progress(
    `built in ${seconds(builtA.createMs + builtA.ddlMs + builtA.analyzeMs)} + ${seconds(builtB.createMs + builtB.ddlMs + builtB.analyzeMs)}`,
  );
  const envs = { ranges: envWithoutPg(), stream: { ...envWithoutPg(), PUM_DATA_CHECK: 'stream' } };

  const tables = [];
  for (const [i, rows] of rowCounts.entries()) {
    const table = `${rowsSchema}.${rowsTable(rows)}`;
    const dataArgs = [
      ...['check', builtA.url, builtB.url, '--include-schema', rowsSchema, '--data', table],
      ...['--json', '--output', reportFile],
    ];
    /** @type {Record<string, import('../src/data-check-report.mjs').PathResult>} */
    const byPath = {};
    for (const path of paths) {
      await pum(dataArgs, envs[path]);
      const checks = [];
      const found = [];
      for (let run = 1; run <= runs; run++) {
        const check = await pum(dataArgs, envs[path]);
        const got = (await readReport(reportFile)).data[0];
        checks.push(check);
        found.push(got);
        progress(
          `${rows} rows, ${path}, run ${run}/${runs}: ${seconds(check.wallMs)} (${Math.round(check.maxRssKb / 1024)} MB, ` +
            `${got?.changed} changed, ${got?.added} added, ${got?.removed} removed)`,
        );
      }
      byPath[path] = { checks, found };
    }
    const floor = await hashingFloor([builtA.url, builtB.url], table);
    progress(
      `${rows} rows, hashing alone: ${seconds(floor.oneSideMs)} one side, ${seconds(floor.bothSidesMs)} both`,
    );
    const ranges = /** @type {import('../src/data-check-report.mjs').PathResult} */ (byPath.ranges);
    const stream = /** @type {import('../src/data-check-report.mjs').PathResult} */ (byPath.stream);
    tables.push({
      rows,
      expected: changes[i]?.expected ?? syntheticRowChanges({ rows, postgis }).expected,
      ranges,
      stream,
      sameReports: [...ranges.found, ...stream.found].every((t) => isDeepStrictEqual(t, stream.found[0])),
      floor,
    });
  }
  await server.dropDatabase(nameB);
  await server.dropDatabase(nameA);

  const markdown = renderDataCheckReport({
    date: new Date().toISOString().slice(0, 10),
    command: 'npx --yes pnpm@10.34.9 bench:data-check',
    machine: machineFacts(server, loadBefore),
    rssMethod,
    runs,
    postgis,
    built: [builtA, builtB],
    tables,
  });
  process.stdout.write(`${markdown}\n`);
  if (args.json) await writeFile(args.json, `${JSON.stringify({ rowCounts, runs, tables }, null, 2)}\n`);
  if (!args['no-write']) {
    await writeSection(join(repoRoot, 'BENCHMARKS.md'), 'data-check', markdown);
    progress('wrote BENCHMARKS.md');
  }
  progress(`done in ${seconds(Date.now() - benchStarted)}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
  await server.stop();
}
