#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench:check`: time the built `pum check` binary on synthetic databases against the
 * issue's targets, side by side in one run, and rewrite the check section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/check.mjs [--sizes 10000] [--rows 100000,1000000] [--runs 3] [--no-write] [--json <file>]
 *
 * Schema: two databases of `--sizes` tables (the second a copy of the first with one table in
 * a hundred changed), `pum check <a> <b> --json --output <tmp>` against one
 * `pg_dump --schema-only` of the first (the target) and one introspection of it. Data: two tables of `--rows` rows differing in about 0.1 % of their rows,
 * `pum check <a> <b> --data <table> --include-schema bench_data --json --output <tmp>`. Every
 * report is read back and its counts compared with what was changed.
 *
 * Needs a build of @pum/cli and its dependencies first (the root script does it). Progress
 * goes to stderr; the Markdown result to stdout.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres } from '@pum/test-postgres';
import { buildDatabase, buildSyntheticDatabase } from '../src/build-database.mjs';
import { renderCheckReport } from '../src/check-report.mjs';
import { busyShare, cpuTimes, machineFacts } from '../src/machine.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { envWithoutPg, hasGnuTime, runProcess, runProcessWithUsage } from '../src/run-process.mjs';
import { syntheticChanges } from '../src/synthetic-changes.mjs';
import { rowsSchema, rowsTable, syntheticRowChanges, syntheticRowsSql } from '../src/synthetic-rows.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const pumBin = join(repoRoot, 'packages/cli/bin/pum.js');
const childScript = (/** @type {string} */ name) => fileURLToPath(new URL(`../src/${name}`, import.meta.url));

const usage =
  'usage: check.mjs [--sizes 10000] [--rows 100000,1000000] [--runs 3] [--no-write] [--json <file>]';
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    rows: { type: 'string', default: '100000,1000000' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const numbers = (/** @type {string | undefined} */ list) =>
  String(list)
    .split(',')
    .filter((item) => item.trim() !== '')
    .map((item) => Number(item.trim()));
const sizes = numbers(args.sizes);
const rowCounts = numbers(args.rows);
const runs = Number(args.runs);
const wholeNumbers = (/** @type {number[]} */ list) => list.every((n) => Number.isInteger(n) && n >= 1);
if (!wholeNumbers(sizes) || !wholeNumbers(rowCounts) || !Number.isInteger(runs) || runs < 1) {
  console.error(usage);
  process.exit(2);
}

const progress = (/** @type {string} */ line) => process.stderr.write(`[bench:check] ${line}\n`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (/** @type {number} */ kb) => `${Math.round(kb / 1024)} MB`;

// Children get their connection from the URL alone, never from the caller's PG*.
const childEnv = envWithoutPg();
const rssMethod = (await hasGnuTime()) ? 'gnu-time' : 'in-process';

/**
 * Run `pum` with `pumArgs` the way a user does, as a process of its own: the built binary under
 * GNU time, or (without GNU time) the CLI's `run()` in a child that reports its own usage. Exit
 * code 1 (differences found) is success here. `machineBusy` is how busy all the machine's CPUs
 * were meanwhile.
 * @param {string[]} pumArgs
 * @returns {Promise<import('../src/check-report.mjs').PumRun>}
 */
async function pum(pumArgs) {
  const options = { env: childEnv, exitCodes: [0, 1] };
  const cpu = cpuTimes();
  if (rssMethod === 'gnu-time') {
    const run = await runProcessWithUsage(process.execPath, [pumBin, ...pumArgs], options);
    const { wallMs, maxRssKb, cpuMs, exitCode } = run;
    return { wallMs, maxRssKb, cpuMs, exitCode, machineBusy: busyShare(cpu, cpuTimes()) };
  }
  const run = await runProcess(process.execPath, [childScript('cli-child.mjs'), ...pumArgs], options);
  const { maxRssKb, cpuMs } = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  return {
    wallMs: run.wallMs,
    maxRssKb,
    cpuMs,
    exitCode: run.exitCode,
    machineBusy: busyShare(cpu, cpuTimes()),
  };
}

/**
 * A Node child of this folder that prints one JSON line; with its wall time, spawn to exit, and
 * how busy the machine's CPUs were meanwhile.
 * @param {string} name
 * @param {string[]} childArgs
 */
async function child(name, childArgs) {
  const cpu = cpuTimes();
  const run = await runProcess(process.execPath, [childScript(name), ...childArgs], { env: childEnv });
  return { wallMs: run.wallMs, machineBusy: busyShare(cpu, cpuTimes()), ...JSON.parse(run.stdout) };
}

/** @returns {Promise<import('@pum/diff').DiffReport>} */
const readReport = async (/** @type {string} */ file) => JSON.parse(await readFile(file, 'utf8'));

const benchStarted = Date.now();
const loadBefore = os.loadavg();
const server = await startPostgres({ postgis: true });
const workDir = await mkdtemp(join(os.tmpdir(), 'pum-bench-check-'));
try {
  if (!server.binDir)
    throw new Error('no pg_dump fit for this server was found; install PostgreSQL client programs');
  const pgDumpBin = join(server.binDir, 'pg_dump');
  const pgDumpVersion = (await runProcess(pgDumpBin, ['--version'])).stdout.trim();
  /**
   * Run pg_dump as a process of its own, measured as `pum` is (`machineBusy`: how busy all the
   * machine's CPUs were meanwhile, the server's backend included).
   * @param {string[]} dumpArgs
   * @returns {Promise<import('../src/check-report.mjs').PumRun>}
   */
  const pgDump = async (dumpArgs) => {
    const cpu = cpuTimes();
    try {
      const run =
        rssMethod === 'gnu-time'
          ? await runProcessWithUsage(pgDumpBin, dumpArgs, { env: childEnv })
          : { ...(await runProcess(pgDumpBin, dumpArgs, { env: childEnv })), maxRssKb: 0, cpuMs: 0 };
      const { wallMs, maxRssKb, cpuMs, exitCode } = run;
      return { wallMs, maxRssKb, cpuMs, exitCode, machineBusy: busyShare(cpu, cpuTimes()) };
    } catch (error) {
      // It locks every table it dumps: with enough tables the server's lock table is full.
      if (!/out of shared memory/.test(/** @type {Error} */ (error).message)) throw error;
      const failed = 'out of shared memory (max_locks_per_transaction)';
      return { wallMs: Number.NaN, maxRssKb: 0, cpuMs: 0, exitCode: 1, machineBusy: 0, failed };
    }
  };
  const dumpFile = join(workDir, 'schema.sql');
  const postgis = server.postgisTemplate !== undefined;
  progress(
    `${server.backend} PostgreSQL ${server.serverVersion}, PostGIS ${server.postgisVersion ?? 'none'}, ${pgDumpVersion}; ` +
      `peak RSS ${rssMethod === 'gnu-time' ? 'from GNU time' : 'from process.resourceUsage() in the child'}`,
  );
  const reportFile = join(workDir, 'report.json');

  const schema = [];
  for (const tables of sizes) {
    const [nameA, nameB] = [`check_a_${tables}`, `check_b_${tables}`];
    progress(`${tables} tables: building ${nameA}…`);
    const builtA = await buildSyntheticDatabase(server, nameA, tables);
    const changes = syntheticChanges({ tables });
    progress(`${tables} tables: copying it to ${nameB} and changing ${changes.changedTables} tables…`);
    const builtB = await buildDatabase(server, nameB, [changes.sql], { template: nameA });
    progress(
      `${tables} tables: built in ${seconds(builtA.createMs + builtA.ddlMs + builtA.analyzeMs)} + ${seconds(builtB.createMs + builtB.ddlMs + builtB.analyzeMs)}`,
    );

    const checkArgs = ['check', builtA.url, builtB.url, '--json', '--output', reportFile];
    const introspectArgs = ['run', builtA.url];
    const dumpArgs = ['--schema-only', '--no-sync', `--file=${dumpFile}`, `--dbname=${builtA.url}`];
    // One untimed round of each warms the server's caches and the file system alike. Each side
    // is also read once as the check reads it (one session, no dependencies), noting the
    // catalog queries sent, which the floor child replays on both sides at once.
    await pum(checkArgs);
    await child('introspect-child.mjs', introspectArgs);
    await pgDump(dumpArgs);
    const [queriesA, queriesB] = [join(workDir, 'queries-a.json'), join(workDir, 'queries-b.json')];
    for (const [url, file] of /** @type {const} */ ([
      [builtA.url, queriesA],
      [builtB.url, queriesB],
    ]))
      await child('introspect-child.mjs', [
        'run',
        url,
        '--sessions=1',
        '--no-dependencies',
        `--capture=${file}`,
      ]);
    // `pum check` reads each side over one session (DEFAULT_CHECK_JOBS), both at once.
    const floorArgs = [builtA.url, queriesA, builtB.url, queriesB, '--sessions=1'];
    await child('floor-child.mjs', floorArgs);

    const floor = [];
    /** @type {import('../src/check-report.mjs').PumRun[]} */
    const checks = [];
    /** @type {import('../src/check-report.mjs').SchemaResult['introspections']} */
    const introspections = [];
    /** @type {import('../src/check-report.mjs').PumRun[]} */
    const dumps = [];
    /** @type {import('../src/check-report.mjs').SchemaResult['receiving']} */
    const receiving = [];
    /** @type {import('../src/check-report.mjs').Summary[]} */
    const found = [];
    for (let run = 1; run <= runs; run++) {
      floor.push(await pum(['--version']));
      const timed = [
        async () => {
          checks.push(await pum(checkArgs));
          found.push((await readReport(reportFile)).summary);
        },
        async () => {
          dumps.push(await pgDump(dumpArgs));
        },
        async () => {
          introspections.push(await child('introspect-child.mjs', introspectArgs));
        },
        async () => {
          receiving.push(await child('floor-child.mjs', floorArgs));
        },
      ];
      // Rotate who goes first, so none always runs right after the same other.
      for (let i = 0; i < timed.length; i++) await timed[(run - 1 + i) % timed.length]?.();
      const [check, dump, one] = [checks.at(-1), dumps.at(-1), introspections.at(-1)];
      progress(
        `${tables} tables, run ${run}/${runs}: check ${seconds(check?.wallMs ?? 0)} (${mb(check?.maxRssKb ?? 0)}, ` +
          `${found.at(-1)?.changed ?? 0} changed, ${found.at(-1)?.added ?? 0} added, ${found.at(-1)?.removed ?? 0} removed), ` +
          `pg_dump --schema-only ${dump?.failed ? `failed: ${dump.failed}` : seconds(dump?.wallMs ?? 0)}, one introspection ${seconds(one?.wallMs ?? 0)}, ` +
          `both sides received ${seconds(receiving.at(-1)?.wallMs ?? 0)}`,
      );
    }
    progress(`${tables} tables: timing the steps of a check…`);
    const profiled = await child('check-child.mjs', [builtA.url, builtB.url, reportFile]);

    schema.push({
      tables,
      changedTables: changes.changedTables,
      expected: changes.expected,
      built: [builtA, builtB],
      floor,
      checks,
      dumps,
      introspections,
      receiving,
      found,
      profiled,
    });
    await server.dropDatabase(nameB);
    await server.dropDatabase(nameA);
  }

  /** @type {import('../src/check-report.mjs').DataResult | undefined} */
  let data;
  if (rowCounts.length > 0) {
    const [nameA, nameB] = ['check_rows_a', 'check_rows_b'];
    progress(`data: filling ${rowCounts.map((rows) => `${rowsSchema}.${rowsTable(rows)}`).join(', ')}…`);
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
      `data: built in ${seconds(builtA.createMs + builtA.ddlMs + builtA.analyzeMs)} + ${seconds(builtB.createMs + builtB.ddlMs + builtB.analyzeMs)}`,
    );
    const checkArgs = [
      ...['check', builtA.url, builtB.url, '--include-schema', rowsSchema],
      ...['--json', '--output', reportFile],
    ];
    // The floor: the same check without --data, on the same small schema.
    await pum(checkArgs);
    const floor = [];
    for (let run = 1; run <= runs; run++) floor.push(await pum(checkArgs));

    const tables = [];
    for (const [i, rows] of rowCounts.entries()) {
      const dataArgs = [...checkArgs, '--data', `${rowsSchema}.${rowsTable(rows)}`];
      await pum(dataArgs);
      const checks = [];
      const found = [];
      for (let run = 1; run <= runs; run++) {
        checks.push(await pum(dataArgs));
        const report = await readReport(reportFile);
        const [check, table] = [checks.at(-1), report.data[0]];
        found.push({ table, schemaDifferences: report.summary });
        progress(
          `data, ${rows} rows, run ${run}/${runs}: ${seconds(check?.wallMs ?? 0)} (${mb(check?.maxRssKb ?? 0)}, ` +
            `${table?.changed} changed, ${table?.added} added, ${table?.removed} removed)`,
        );
      }
      tables.push({
        rows,
        expected: changes[i]?.expected ?? syntheticRowChanges({ rows, postgis }).expected,
        checks,
        found,
      });
    }
    tables.sort((a, b) => a.rows - b.rows);
    data = { built: [builtA, builtB], floor, tables };
    await server.dropDatabase(nameB);
    await server.dropDatabase(nameA);
  }

  const markdown = renderCheckReport({
    date: new Date().toISOString().slice(0, 10),
    command: 'npx --yes pnpm@10.34.9 bench:check',
    machine: machineFacts(server, loadBefore, { pgDump: pgDumpVersion }),
    rssMethod,
    runs,
    postgis,
    schema,
    data,
  });
  process.stdout.write(`${markdown}\n`);
  if (args.json)
    await writeFile(args.json, `${JSON.stringify({ sizes, rowCounts, runs, schema, data }, null, 2)}\n`);
  if (!args['no-write']) {
    await writeSection(join(repoRoot, 'BENCHMARKS.md'), 'check', markdown);
    progress('wrote BENCHMARKS.md');
  }
  progress(`done in ${seconds(Date.now() - benchStarted)}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
  await server.stop();
}
