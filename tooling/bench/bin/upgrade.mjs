#!/usr/bin/env node
// @ts-check
/**
 * `pnpm bench:upgrade`: time `applyDeltas()` of `@pum/deltas` applying N small PUM 0.x deltas to
 * an empty database against one psql session running the same files (each in its own
 * transaction, with a history insert) and against node-pg-migrate running them as SQL
 * migrations, side by side in one run, and rewrite the upgrade section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/upgrade.mjs [--deltas 1000] [--runs 5] [--no-write] [--json <file>]
 *
 * Every side runs as a process of its own (spawn to exit) on a fresh database, after one
 * untimed warm-up of each; the order rotates from run to run. Every resulting database is
 * checked against what the deltas make. One extra run of ours is profiled query by query, and
 * two floors made with plain `pg` on the same files show what the round trips cost alone.
 *
 * Needs a build of @pum/deltas and @pum/test-postgres first (the root script does it). Progress
 * goes to stderr; the Markdown result to stdout.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres } from '@pum/test-postgres';
import pg from 'pg';
import { busyShare, cpuTimes, machineFacts } from '../src/machine.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { hasGnuTime, runProcess, runProcessWithUsage } from '../src/run-process.mjs';
import { localPostmaster, serverCpuMs } from '../src/server-cpu.mjs';
import { syntheticDeltas, writeDeltas } from '../src/synthetic-deltas.mjs';
import { renderUpgradeReport } from '../src/upgrade-report.mjs';
import {
  historyTables,
  outcomeProblems,
  psqlIn,
  readOutcome,
  SIDES,
  sideCommand,
} from '../src/upgrade-sides.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const usage = 'usage: upgrade.mjs [--deltas 1000] [--runs 5] [--no-write] [--json <file>]';
const { values: args } = parseArgs({
  options: {
    deltas: { type: 'string', default: '1000' },
    // The machine's speed drifts by up to 2× within minutes (a shared VM): more rounds than the
    // other benchmarks, and ratios taken round by round.
    runs: { type: 'string', default: '5' },
    'no-write': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const count = Number(args.deltas);
const runs = Number(args.runs);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error(usage);
  process.exit(2);
}

const progress = (/** @type {string} */ line) => process.stderr.write(`[bench:upgrade] ${line}\n`);
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;

/** @typedef {import('../src/upgrade-sides.mjs').Side} Side */
const sides = SIDES;
const withUsage = await hasGnuTime();
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

const benchStarted = Date.now();
const loadBefore = os.loadavg();
const server = await startPostgres();
const workDir = await mkdtemp(join(os.tmpdir(), 'pum-bench-upgrade-'));
const admin = new pg.Client({ connectionString: server.url, application_name: 'pum-bench' });
let databases = 0;
try {
  if (!server.binDir)
    throw new Error('no psql fit for this server was found; install PostgreSQL client programs');
  const psqlBin = psqlIn(server.binDir);
  const psqlVersion = (await runProcess(psqlBin, ['--version'])).stdout.trim();
  await admin.connect();
  const postmaster = await localPostmaster(server.url);
  progress(
    `${server.backend} PostgreSQL ${server.serverVersion}, ${psqlVersion}; ` +
      `server CPU time ${postmaster ? `from /proc (postmaster ${postmaster})` : 'unknown (not a local server)'}`,
  );

  const { deltas, expected } = syntheticDeltas(count);
  const paths = await writeDeltas(workDir, deltas);
  progress(`${count} deltas written to ${workDir}`);

  /**
   * Until the sessions of database `name` have ended, so that their backends' CPU time is the
   * server's (the postmaster's exited children).
   * @param {string} name
   */
  async function sessionsGone(name) {
    for (let tries = 0; tries < 200; tries++) {
      const { rows } = await admin.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (rows[0].n === 0) break;
      await sleep(10);
    }
    // A backend leaves pg_stat_activity just before its process exits and is reaped.
    await sleep(50);
  }

  /**
   * Run `side` (with `childArgs` instead of its own arguments, when given) on a fresh empty
   * database, spawn to exit, with its process's and the server's CPU time and how busy the
   * machine was; then check the database and drop it.
   * @param {Side} side
   * @param {string[]} [childArgs]
   * @returns {Promise<import('../src/upgrade-report.mjs').SideRun>}
   */
  async function runSide(side, childArgs) {
    const name = `upgrade_${++databases}_${side.replace(/\W/g, '_')}`;
    const url = await server.createDatabase(name);
    try {
      const command = sideCommand(side, { ...paths, psqlBin, url });
      const argv = childArgs ? [command.args[0] ?? '', ...childArgs] : command.args;
      const cpu = cpuTimes();
      const serverBefore = postmaster ? await serverCpuMs(postmaster) : undefined;
      const run = withUsage
        ? await runProcessWithUsage(command.command, argv, { env: command.env })
        : { ...(await runProcess(command.command, argv, { env: command.env })), cpuMs: undefined };
      const machineBusy = busyShare(cpu, cpuTimes());
      await sessionsGone(name);
      const serverMs =
        postmaster && serverBefore !== undefined ? (await serverCpuMs(postmaster)) - serverBefore : undefined;
      const problems = outcomeProblems(await readOutcome(url, historyTables[side]), expected, count);
      if (problems.length > 0)
        throw new Error(`${side} left a database unlike the deltas': ${problems.join('; ')}`);
      const child = command.command === process.execPath && side !== 'node-pg-migrate';
      return {
        side,
        wallMs: run.wallMs,
        cpuMs: run.cpuMs,
        serverMs,
        machineBusy,
        child: child ? JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') : undefined,
      };
    } finally {
      await server.dropDatabase(name);
    }
  }

  progress('warming up (one untimed run of each)…');
  for (const side of sides) await runSide(side);

  /** @type {Record<Side, import('../src/upgrade-report.mjs').SideRun[]>} */
  const timed = { pum: [], psql: [], 'node-pg-migrate': [], raw: [], batched: [], many: [] };
  for (let run = 1; run <= runs; run++) {
    // Rotate who goes first, so that no side always runs right after the same other.
    const order = sides.map((_, i) => /** @type {Side} */ (sides[(i + run - 1) % sides.length]));
    const line = [];
    for (const side of order) {
      const result = await runSide(side);
      timed[side].push(result);
      line.push(`${side} ${seconds(result.wallMs)}`);
    }
    progress(`run ${run}/${runs}: ${line.join(', ')}`);
  }

  progress('profiling ours query by query…');
  const profiled = await runSide('pum', ['pum', paths.pum0Dir, '--profile']);

  const markdown = renderUpgradeReport({
    date: new Date().toISOString().slice(0, 10),
    command: 'npx --yes pnpm@10.34.9 bench:upgrade',
    machine: machineFacts(server, loadBefore),
    psqlVersion,
    count,
    runs,
    deltas,
    expected,
    timed,
    profiled,
  });
  process.stdout.write(`${markdown}\n`);
  if (args.json) await writeFile(args.json, `${JSON.stringify({ count, runs, timed, profiled }, null, 2)}\n`);
  if (!args['no-write']) {
    await writeSection(join(repoRoot, 'BENCHMARKS.md'), 'upgrade', markdown);
    progress('wrote BENCHMARKS.md');
  }
  progress(`done in ${seconds(Date.now() - benchStarted)}`);
} finally {
  await admin.end().catch(() => {});
  await rm(workDir, { recursive: true, force: true });
  await server.stop();
}
