#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench:introspect`: time `@pum/introspect` against `pg_dump --schema-only` on the same
 * synthetic databases, side by side, and rewrite the introspection section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/introspect.mjs [--sizes 1000,10000] [--runs 3] [--no-write] [--json <file>]
 *
 * `--no-write` leaves BENCHMARKS.md alone; `--json` also saves every raw measurement.
 *
 * Needs a build of @pum/introspect and @pum/test-postgres first (the root script does it).
 * Progress goes to stderr; the Markdown result to stdout.
 */

import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres } from '@pum/test-postgres';
import { buildSyntheticDatabase } from '../src/build-database.mjs';
import { machineFacts } from '../src/machine.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { renderReport } from '../src/report.mjs';
import { envWithoutPg, runProcess } from '../src/run-process.mjs';
import { syntheticSchemaCounts } from '../src/synthetic-schema.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('../src/introspect-child.mjs', import.meta.url));
const floorScript = fileURLToPath(new URL('../src/floor-child.mjs', import.meta.url));

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const sizes = String(args.sizes)
  .split(',')
  .map((size) => Number(size.trim()));
const runs = Number(args.runs);
if (sizes.some((size) => !Number.isInteger(size) || size < 1) || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: introspect.mjs [--sizes 1000,10000] [--runs 3] [--no-write] [--json <file>]');
  process.exit(2);
}

const progress = (/** @type {string} */ line) => process.stderr.write(`[bench:introspect] ${line}\n`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`;

// The child and pg_dump get their connection from the URL alone, never from the caller's PG*.
const childEnv = envWithoutPg();

const benchStarted = Date.now();
const loadBefore = os.loadavg();
const server = await startPostgres({ postgis: true });
const workDir = await mkdtemp(join(os.tmpdir(), 'pum-bench-'));
try {
  if (!server.binDir)
    throw new Error('no pg_dump fit for this server was found; install PostgreSQL client programs');
  const pgDump = join(server.binDir, 'pg_dump');
  const pgDumpVersion = (await runProcess(pgDump, ['--version'])).stdout.trim();
  progress(
    `${server.backend} PostgreSQL ${server.serverVersion}, PostGIS ${server.postgisVersion ?? 'none'}, ${pgDumpVersion}`,
  );

  const snapshotFile = join(workDir, 'snapshot.json');
  const dumpFile = join(workDir, 'dump.sql');
  const queriesFile = join(workDir, 'queries.json');
  const child = async (/** @type {string[]} */ childArgs, script = childScript) => {
    const result = await runProcess(process.execPath, [script, ...childArgs], { env: childEnv });
    return { wallMs: result.wallMs, ...JSON.parse(result.stdout) };
  };
  /**
   * One pg_dump. With many tables it may run out of lock slots (it locks every table it dumps;
   * the server has `max_locks_per_transaction` × `max_connections` of them): that is recorded as
   * its result, not a failure of the benchmark.
   * @param {string} url
   * @returns {Promise<{ wallMs: number; failed?: string }>}
   */
  const dump = async (url) => {
    try {
      return await runProcess(
        pgDump,
        ['--schema-only', '--no-sync', `--file=${dumpFile}`, `--dbname=${url}`],
        {
          env: childEnv,
        },
      );
    } catch (error) {
      const message = /** @type {Error} */ (error).message;
      if (!/out of shared memory/.test(message)) throw error;
      return { wallMs: Number.NaN, failed: 'out of shared memory (max_locks_per_transaction)' };
    }
  };

  const results = [];
  for (const tables of sizes) {
    const name = `bench_${tables}`;
    progress(`${tables} tables: building ${name}…`);
    const built = await buildSyntheticDatabase(server, name, tables);
    progress(
      `${tables} tables: create ${seconds(built.createMs)}, DDL ${seconds(built.ddlMs)}, VACUUM ANALYZE ${seconds(built.analyzeMs)}`,
    );

    // One untimed round of each warms the server's caches and the file system alike; ours
    // also notes the catalog queries it sends, which the floor child replays.
    await child(['run', built.url, snapshotFile, `--capture=${queriesFile}`]);
    await dump(built.url);
    await child([built.url, queriesFile], floorScript);

    const idle = [];
    /** @type {import('../src/report.mjs').ChildRun[]} */
    const ours = [];
    /** @type {{ wallMs: number; failed?: string }[]} */
    const theirs = [];
    /** @type {import('../src/report.mjs').FloorRun[]} */
    const floor = [];
    const sides = [
      async () => ours.push(await child(['run', built.url, snapshotFile])),
      async () => theirs.push(await dump(built.url)),
      async () => floor.push(await child([built.url, queriesFile], floorScript)),
    ];
    for (let run = 1; run <= runs; run++) {
      idle.push(await child(['idle', built.url]));
      // Rotate who goes first, so that none always runs right after another.
      for (let i = 0; i < sides.length; i++) await sides[(run - 1 + i) % sides.length]?.();
      const [mine, their, under] = [ours.at(-1), theirs.at(-1), floor.at(-1)];
      progress(
        `${tables} tables, run ${run}/${runs}: ours ${seconds(mine?.wallMs ?? 0)} (${Math.round((mine?.maxRssKb ?? 0) / 1024)} MB), pg_dump ${their?.failed ? `failed: ${their.failed}` : seconds(their?.wallMs ?? 0)}, floor ${seconds(under?.wallMs ?? 0)}`,
      );
    }
    const dumpBytes = theirs.some((t) => t.failed) ? Number.NaN : (await stat(dumpFile)).size;

    progress(`${tables} tables: profiling each catalog query…`);
    // On one session: the profile times each query as it runs on the connection it wraps.
    const profiled = await child(['run', built.url, snapshotFile, '--profile', '--sessions=1']);
    // The same run on one session, to show what the extra sessions bring.
    const single = await child(['run', built.url, snapshotFile, '--sessions=1']);

    results.push({
      tables,
      expected: syntheticSchemaCounts({ tables }),
      built,
      idle,
      ours,
      theirs,
      floor,
      dumpBytes,
      profiled,
      single,
    });
    await server.dropDatabase(name);
  }

  const markdown = renderReport({
    date: new Date().toISOString().slice(0, 10),
    command: 'npx --yes pnpm@10.34.9 bench:introspect',
    machine: machineFacts(server, loadBefore, { pgDump: pgDumpVersion }),
    runs,
    results,
  });
  process.stdout.write(`${markdown}\n`);
  if (args.json) await writeFile(args.json, `${JSON.stringify({ sizes, runs, results }, null, 2)}\n`);
  if (!args['no-write']) {
    await writeSection(join(repoRoot, 'BENCHMARKS.md'), 'introspect', markdown);
    progress('wrote BENCHMARKS.md');
  }
  progress(`done in ${seconds(Date.now() - benchStarted)}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
  await server.stop();
}
