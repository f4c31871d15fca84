#!/usr/bin/env node

// @ts-check
/**
 * `pnpm bench:plan`: plan the migration between two synthetic databases of `--sizes` tables
 * (the second a copy of the first with one table in a hundred changed, as for bench:check) and
 * time the planning against the two introspections it follows, in the same child process; then
 * prove the plan once at full size (run it on a third copy and re-compare). Rewrites the plan
 * section of BENCHMARKS.md.
 *
 *   node tooling/bench/bin/plan.mjs [--sizes 10000] [--runs 3] [--no-write]
 */

import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgres } from '@pum/test-postgres';
import { buildDatabase, buildSyntheticDatabase } from '../src/build-database.mjs';
import { fmtMs, fmtN } from '../src/format.mjs';
import { describeMachine, machineFacts } from '../src/machine.mjs';
import { writeSection } from '../src/markdown-section.mjs';
import { envWithoutPg, runProcess } from '../src/run-process.mjs';
import { median, min } from '../src/stats.mjs';
import { syntheticChanges } from '../src/synthetic-changes.mjs';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = String(args.sizes).split(',').map(Number);
const runs = Number(args.runs);
if (!sizes.every((n) => Number.isInteger(n) && n >= 1) || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: plan.mjs [--sizes 10000] [--runs 3] [--no-write]');
  process.exit(2);
}

const TARGET_MS = 1000;
const progress = (/** @type {string} */ line) => process.stderr.write(`[bench:plan] ${line}\n`);
const childScript = fileURLToPath(new URL('../src/plan-child.mjs', import.meta.url));
const benchmarks = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));

/** @param {string[]} childArgs */
async function planChild(childArgs) {
  const run = await runProcess(process.execPath, [childScript, ...childArgs], { env: envWithoutPg() });
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
}

const loadBefore = os.loadavg();
const server = await startPostgres({ postgis: true });
const rows = [];
const proofs = [];
try {
  progress(
    `${server.backend} PostgreSQL ${server.serverVersion}, PostGIS ${server.postgisVersion ?? 'none'}`,
  );
  for (const tables of sizes) {
    const [nameA, nameB, nameC] = [`plan_a_${tables}`, `plan_b_${tables}`, `plan_c_${tables}`];
    progress(`${tables} tables: building ${nameA} and its changed copy ${nameB}…`);
    const a = await buildSyntheticDatabase(server, nameA, tables);
    const changes = syntheticChanges({ tables });
    const b = await buildDatabase(server, nameB, [changes.sql], { template: nameA });
    await planChild([a.url, b.url]); // untimed: warms caches
    const measured = [];
    for (let run = 1; run <= runs; run++) {
      measured.push(await planChild([a.url, b.url]));
      const last = measured.at(-1);
      progress(
        `${tables} tables, run ${run}/${runs}: introspections ${fmtMs(last.introspectFromMs)} + ${fmtMs(last.introspectToMs)}, plan ${fmtMs(last.planMs)}, SQL ${fmtMs(last.formatMs)}, ${last.steps} steps`,
      );
    }
    progress(`${tables} tables: proving the plan on a copy (${nameC})…`);
    const c = await buildDatabase(server, nameC, [], { template: nameA });
    const proved = await planChild([a.url, b.url, c.url]);
    proofs.push({ tables, ...proved.proof });
    rows.push({ tables, changedTables: changes.changedTables, measured });
    for (const name of [nameC, nameB, nameA]) await server.dropDatabase(name);
  }
} finally {
  await server.stop();
}

const lines = [
  '## Planning a migration (pnpm bench:plan)',
  '',
  `Command: \`npx --yes pnpm@10.34.9 bench:plan\` (code in \`tooling/bench\`). Run on ${new Date().toISOString().slice(0, 10)}: ${describeMachine(machineFacts(server, loadBefore))}`,
  '',
  'Database A is the synthetic database of `bench:check` (tables over 10 schemas with keys, indexes, foreign keys, checks, comments; a view and a function per 5 tables, a trigger per 10); B is a copy in which one table in a hundred is changed (columns widened or added, indexes dropped and added, views and functions rewritten, triggers dropped, comments and checks changed). A child process introspects A, then B, then runs `planMigration(A, B, { allowDestructive: true })` and `formatPlanSql()`, each timed; ' +
    `${runs} runs after one untimed warm-up, median (min). **Beyond the introspections** is planning plus rendering the SQL.`,
  '',
  '| tables | objects per side | steps | introspect A | introspect B | plan | SQL text | beyond the introspections |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const { tables, measured } of rows) {
  const of = (/** @type {string} */ field) => measured.map((m) => m[field]);
  const beyond = measured.map((m) => m.planMs + m.formatMs);
  const cell = (/** @type {number[]} */ values) => `${fmtMs(median(values))} (${fmtMs(min(values))})`;
  lines.push(
    `| ${fmtN(tables)} | ${fmtN(measured[0].objects)} | ${fmtN(measured[0].steps)} | ${cell(of('introspectFromMs'))} | ${cell(of('introspectToMs'))} | ${cell(of('planMs'))} | ${cell(of('formatMs'))} | ${cell(beyond)} |`,
  );
}
lines.push('');
for (const { tables, measured } of rows) {
  const beyond = median(measured.map((m) => m.planMs + m.formatMs));
  lines.push(
    `Target at ${fmtN(tables)} tables: planning ≤ 1 s beyond the two introspections: **${beyond <= TARGET_MS ? 'met' : 'NOT met'}** (${fmtMs(beyond)}).`,
  );
}
lines.push('');
for (const proof of proofs) {
  lines.push(
    `Proof at ${fmtN(proof.tables)} tables: the plan ran on a third copy of A in ${fmtMs(proof.applyMs ?? 0)}; comparing that copy with B then found ${proof.remaining?.length === 0 ? '**no difference**' : `**${proof.remaining?.length} differences** (${proof.remaining?.slice(0, 5).join('; ')})`}.`,
  );
}
const markdown = lines.join('\n');
process.stdout.write(`${markdown}\n`);
if (!args['no-write']) await writeSection(benchmarks, 'plan', markdown);
