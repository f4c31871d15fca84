#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench:dump`: on a database of about `--size-mb` (1 GB), time `pum dump` against
 * `pg_dump` and `pum restore` against `pg_restore` with the same options and the same
 * programs, side by side in one run, and `cloneDatabase()` by template against by
 * `pg_dump | pg_restore`; then rewrite the dump section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/dump.mjs [--size-mb 1024] [--runs 4] [--no-write] [--json <file>]
 *
 * Every side is a process of its own, spawn to exit; the order swaps from round to round.
 * Restored and cloned databases are checked row by row count against the source. The fixed
 * costs of ours (start-up, version checks, `pg_restore --list`) are measured apart on an empty
 * database. Needs a build of @pum/cli and @pum/test-postgres first (the root script does it).
 * Progress goes to stderr; the Markdown result to stdout.
 */

import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres } from '@pum/test-postgres';
import pg from 'pg';
import {
  countMismatches,
  dumpFillSql,
  dumpForeignKeysSql,
  dumpSchemaSql,
  planBatches,
  urlOfDatabase,
  urlWithoutPassword,
} from '../src/dump-database.mjs';
import { renderDumpReport } from '../src/dump-report.mjs';
import { busyShare, cpuTimes, machineFacts } from '../src/machine.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { envWithoutPg, hasGnuTime, runProcess, runProcessWithUsage } from '../src/run-process.mjs';
import { pgEnv } from '../src/upgrade-sides.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const pumBin = join(repoRoot, 'packages/cli/bin/pum.js');
const cloneChild = fileURLToPath(new URL('../src/clone-child.mjs', import.meta.url));

const usage = 'usage: dump.mjs [--size-mb 1024] [--runs 4] [--no-write] [--json <file>]';
const { values: args } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '1024' },
    runs: { type: 'string', default: '4' },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const sizeMb = Number(args['size-mb']);
const runs = Number(args.runs);
if (!(sizeMb >= 10) || !Number.isInteger(runs) || runs < 1) {
  console.error(usage);
  process.exit(2);
}

const progress = (/** @type {string} */ line) => process.stderr.write(`[bench:dump] ${line}\n`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
const withUsage = await hasGnuTime();

/** @typedef {import('../src/dump-report.mjs').Run} Run */

/**
 * Run a program to its end, timed spawn to exit, with its CPU time (itself and the programs
 * it waited for) and how busy the machine was.
 * @param {string} command
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<Run & { stdout: string }>}
 */
async function timed(command, argv, env) {
  const cpu = cpuTimes();
  const run = withUsage
    ? await runProcessWithUsage(command, argv, { env })
    : { ...(await runProcess(command, argv, { env })), cpuMs: undefined };
  return {
    wallMs: run.wallMs,
    cpuMs: run.cpuMs,
    machineBusy: busyShare(cpu, cpuTimes()),
    stdout: run.stdout,
  };
}

const benchStarted = Date.now();
const loadBefore = os.loadavg();
const server = await startPostgres({ postgis: true });
const workDir = await mkdtemp(join(os.tmpdir(), 'pum-bench-dump-'));
const admin = new pg.Client({ connectionString: server.url, application_name: 'pum-bench' });
try {
  await admin.connect();
  const postgis = server.postgisTemplate !== undefined;
  // Connections reach every child through libpq's environment (the password in PGPASSWORD);
  // ours gets `--db <URL without password>`, the raw programs `--dbname=<name>`.
  const { PGDATABASE: _unused, ...serverEnv } = pgEnv(server.url);
  const env = { ...envWithoutPg(), ...serverEnv };
  const dbUrl = (/** @type {string} */ name) => urlWithoutPassword(urlOfDatabase(server.url, name));

  /** Row counts of every table outside the system schemas of database `name`. */
  async function rowCounts(/** @type {string} */ name) {
    const client = new pg.Client({
      connectionString: urlOfDatabase(server.url, name),
      application_name: 'pum-bench',
    });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
         ORDER BY 1`,
      );
      /** @type {Record<string, number>} */
      const counts = {};
      for (const { name: table } of rows) {
        counts[table] = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      }
      return counts;
    } finally {
      await client.end();
    }
  }
  const dbSize = async (/** @type {string} */ name) =>
    Number((await admin.query('SELECT pg_database_size($1) AS n', [name])).rows[0].n);

  // 1. The source database.
  const source = 'dump_source';
  const targetBytes = sizeMb * 2 ** 20;
  progress(
    `${server.backend} PostgreSQL ${server.serverVersion}, PostGIS ${server.postgisVersion ?? 'none'}; building ${sizeMb} MB…`,
  );
  const started = performance.now();
  await server.createDatabase(source, postgis ? { template: server.postgisTemplate } : undefined);
  const build = new pg.Client({
    connectionString: urlOfDatabase(server.url, source),
    application_name: 'pum-bench-build',
  });
  await build.connect();
  let units = 0;
  try {
    await build.query(dumpSchemaSql({ postgis }));
    const emptyBytes = await dbSize(source);
    // A first small batch tells what a unit costs (rows, TOAST, indexes), the rest is planned from it.
    const calibration = 500;
    await build.query(dumpFillSql({ from: 0, units: calibration, postgis }));
    units = calibration;
    for (let pass = 0; pass < 3; pass++) {
      const current = await dbSize(source);
      const bytesPerUnit = (current - emptyBytes) / units;
      const batches = planBatches({
        currentBytes: current,
        targetBytes: targetBytes * 0.99,
        bytesPerUnit,
        maxUnits: 12_500,
      });
      if (batches.length === 0) break;
      for (const batch of batches) {
        await build.query(dumpFillSql({ from: units, units: batch, postgis }));
        units += batch;
        progress(`  ${units} units, ${Math.round((await dbSize(source)) / 2 ** 20)} MB`);
      }
    }
    await build.query(dumpForeignKeysSql());
    await build.query('VACUUM ANALYZE');
  } finally {
    await build.end();
  }
  const buildMs = performance.now() - started;
  const sourceBytes = await dbSize(source);
  const sourceCounts = await rowCounts(source);
  progress(
    `source: ${Math.round(sourceBytes / 2 ** 20)} MB in ${seconds(buildMs)}; ${JSON.stringify(sourceCounts)}`,
  );

  // 2. The programs ours picks, learnt from an untimed run of each on an empty database (which
  // also warms up Node and the programs), and then given to the raw side.
  await server.createDatabase('dump_empty');
  const emptyFile = join(workDir, 'empty.backup');
  const warmDump = await runProcess(
    process.execPath,
    [pumBin, 'dump', '--db', dbUrl('dump_empty'), emptyFile, '--json'],
    { env },
  );
  const pgDump = JSON.parse(warmDump.stdout).tool;
  await server.createDatabase('dump_empty_restore');
  const warmRestore = await runProcess(
    process.execPath,
    [pumBin, 'restore', '--db', dbUrl('dump_empty_restore'), emptyFile, '--json'],
    { env },
  );
  const pgRestore = JSON.parse(warmRestore.stdout).tool;
  await server.dropDatabase('dump_empty_restore');
  const pgDumpVersion = (await runProcess(pgDump.path, ['--version'])).stdout.trim();
  progress(`ours picks ${pgDump.path} (${pgDumpVersion}) and ${pgRestore.path}; the raw side runs the same`);

  // The same options our dumpDatabase() and restoreDatabase() pass (packages/dump/src), custom format.
  const rawDumpArgs = (/** @type {string} */ name, /** @type {string} */ file) => [
    '--format=custom',
    `--file=${file}`,
    '--verbose',
    '--no-password',
    `--dbname=${name}`,
  ];
  const rawRestoreArgs = (/** @type {string} */ name, /** @type {string} */ file) => [
    '--verbose',
    '--no-password',
    '--exit-on-error',
    `--dbname=${name}`,
    file,
  ];
  const oursDump = (/** @type {string} */ name, /** @type {string} */ file) =>
    timed(process.execPath, [pumBin, 'dump', '--db', dbUrl(name), file], env);
  const rawDump = (/** @type {string} */ name, /** @type {string} */ file) =>
    timed(pgDump.path, rawDumpArgs(name, file), env);
  const oursRestore = (/** @type {string} */ name, /** @type {string} */ file) =>
    timed(process.execPath, [pumBin, 'restore', '--db', dbUrl(name), file], env);
  const rawRestore = (/** @type {string} */ name, /** @type {string} */ file) =>
    timed(pgRestore.path, rawRestoreArgs(name, file), env);

  // 3. Dump.
  /** @type {{ ours: (Run & { bytes: number })[]; raw: (Run & { bytes: number })[] }} */
  const dumps = { ours: [], raw: [] };
  const archive = join(workDir, 'source.backup');
  for (let round = 1; round <= runs; round++) {
    const order = round % 2 ? ['ours', 'raw'] : ['raw', 'ours'];
    for (const side of order) {
      const file = round === 1 && side === 'ours' ? archive : join(workDir, `dump-${side}-${round}.backup`);
      const run = side === 'ours' ? await oursDump(source, file) : await rawDump(source, file);
      dumps[/** @type {'ours' | 'raw'} */ (side)].push({ ...run, bytes: (await stat(file)).size });
      if (file !== archive) await rm(file);
    }
    progress(
      `dump ${round}/${runs}: ours ${seconds(dumps.ours.at(-1)?.wallMs ?? 0)}, raw ${seconds(dumps.raw.at(-1)?.wallMs ?? 0)}`,
    );
  }

  // 4. Restore, each into a fresh empty database, checked against the source's row counts.
  /** @type {{ ours: Run[]; raw: Run[] }} */
  const restores = { ours: [], raw: [] };
  /** @type {string[]} */
  const problems = [];
  for (let round = 1; round <= runs; round++) {
    const order = round % 2 ? ['ours', 'raw'] : ['raw', 'ours'];
    for (const side of order) {
      const name = `dump_restore_${side}_${round}`;
      await server.createDatabase(name);
      const run = side === 'ours' ? await oursRestore(name, archive) : await rawRestore(name, archive);
      restores[/** @type {'ours' | 'raw'} */ (side)].push(run);
      for (const p of countMismatches(await rowCounts(name), sourceCounts))
        problems.push(`${side} restore ${round}: ${p}`);
      await server.dropDatabase(name);
    }
    progress(
      `restore ${round}/${runs}: ours ${seconds(restores.ours.at(-1)?.wallMs ?? 0)}, raw ${seconds(restores.raw.at(-1)?.wallMs ?? 0)}`,
    );
  }

  // 5. Clone, by template and by pipe, through cloneDatabase() in a child.
  /** @type {{ template: (Run & { cloneMs: number })[]; pipe: (Run & { cloneMs: number })[] }} */
  const clones = { template: [], pipe: [] };
  const cloneEnv = { ...env, PG_DUMP_EXE: pgDump.path, PG_RESTORE_EXE: pgRestore.path };
  for (let round = 1; round <= runs; round++) {
    const order = round % 2 ? ['template', 'pipe'] : ['pipe', 'template'];
    for (const strategy of order) {
      const name = `dump_clone_${strategy}_${round}`;
      const run = await timed(process.execPath, [cloneChild, strategy, source, name], cloneEnv);
      const child = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
      if (child.strategy !== strategy) problems.push(`clone ${strategy} ${round}: used ${child.strategy}`);
      clones[/** @type {'template' | 'pipe'} */ (strategy)].push({ ...run, cloneMs: child.cloneMs });
      for (const p of countMismatches(await rowCounts(name), sourceCounts))
        problems.push(`clone ${strategy} ${round}: ${p}`);
      await server.dropDatabase(name);
    }
    progress(
      `clone ${round}/${runs}: template ${seconds(clones.template.at(-1)?.wallMs ?? 0)}, pipe ${seconds(clones.pipe.at(-1)?.wallMs ?? 0)}`,
    );
  }

  // 6. Where ours spends time the raw programs do not: the same on an empty database (fixed
  // costs: Node, the CLI, the server-version connection, finding and `--version`-ing the
  // program, `pg_restore --list`, the extensions query), and `pg_restore --list` of the archive.
  progress('fixed costs, on an empty database…');
  const fixedRounds = 5;
  /** @type {Record<'pumVersion' | 'oursDump' | 'rawDump' | 'oursRestore' | 'rawRestore' | 'list' | 'toolVersion', number[]>} */
  const fixed = {
    pumVersion: [],
    oursDump: [],
    rawDump: [],
    oursRestore: [],
    rawRestore: [],
    list: [],
    toolVersion: [],
  };
  for (let round = 1; round <= fixedRounds; round++) {
    fixed.pumVersion.push((await runProcess(process.execPath, [pumBin, '--version'], { env })).wallMs);
    fixed.toolVersion.push((await runProcess(pgDump.path, ['--version'], { env })).wallMs);
    const file = join(workDir, 'empty-timed.backup');
    fixed.oursDump.push((await oursDump('dump_empty', file)).wallMs);
    fixed.rawDump.push((await rawDump('dump_empty', file)).wallMs);
    for (const side of ['ours', 'raw']) {
      const name = `dump_empty_${side}_${round}`;
      await server.createDatabase(name);
      const run = side === 'ours' ? await oursRestore(name, emptyFile) : await rawRestore(name, emptyFile);
      fixed[side === 'ours' ? 'oursRestore' : 'rawRestore'].push(run.wallMs);
      await server.dropDatabase(name);
    }
    fixed.list.push((await runProcess(pgRestore.path, ['--list', archive], { env })).wallMs);
  }

  const markdown = renderDumpReport({
    date: new Date().toISOString().slice(0, 10),
    command: 'npx --yes pnpm@10.34.9 bench:dump',
    machine: machineFacts(server, loadBefore, { pgDump: pgDumpVersion }),
    runs,
    sizeMb,
    source: { bytes: sourceBytes, counts: sourceCounts, buildMs, postgis },
    tools: { pgDump: pgDump.path, pgRestore: pgRestore.path },
    rawDumpArgs: rawDumpArgs('<name>', '<file>'),
    rawRestoreArgs: rawRestoreArgs('<name>', '<file>'),
    dumps,
    restores,
    clones,
    fixed,
    problems,
    cpuTimes: withUsage,
  });
  process.stdout.write(`${markdown}\n`);
  if (args.json)
    await writeFile(
      args.json,
      `${JSON.stringify({ sizeMb, runs, sourceBytes, sourceCounts, buildMs, dumps, restores, clones, fixed, problems }, null, 2)}\n`,
    );
  if (!args['no-write']) {
    await writeSection(join(repoRoot, 'BENCHMARKS.md'), 'dump', markdown);
    progress('wrote BENCHMARKS.md');
  }
  if (problems.length > 0) {
    progress(`PROBLEMS: ${problems.join('; ')}`);
    process.exitCode = 1;
  }
  progress(`done in ${seconds(Date.now() - benchStarted)}`);
} finally {
  await admin.end().catch(() => {});
  await rm(workDir, { recursive: true, force: true });
  await server.stop();
}
