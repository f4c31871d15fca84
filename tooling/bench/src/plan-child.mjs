#!/usr/bin/env node
// @ts-check
/**
 * One measured plan, in a process of its own:
 *
 *   node plan-child.mjs <from-url> <to-url> [<apply-url>]
 *
 * Introspects FROM, then TO (each timed), plans the migration from FROM to TO with
 * destructive steps allowed (timed), renders it as SQL (timed), and prints one JSON line. With
 * `<apply-url>` (a copy of FROM) it also runs the plan there and re-compares with TO: the
 * plan's proof at full size.
 */

import './like-pum-bin.mjs';
import { performance } from 'node:perf_hooks';
import { applyPlan, changeLines, diffSnapshots, formatPlanSql, planMigration } from '@pum/diff';
import { introspect } from '@pum/introspect';
import pg from 'pg';

const [fromUrl, toUrl, applyUrl] = process.argv.slice(2);
if (!fromUrl || !toUrl) {
  console.error('usage: plan-child.mjs <from-url> <to-url> [<apply-url>]');
  process.exit(2);
}

/** @param {string} url */
async function connect(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'pum-bench-plan' });
  await client.connect();
  return client;
}

const [from, to] = [await connect(fromUrl), await connect(toUrl)];
let started = performance.now();
const a = await introspect(from);
const introspectFromMs = performance.now() - started;
started = performance.now();
const b = await introspect(to);
const introspectToMs = performance.now() - started;
started = performance.now();
const plan = planMigration(a, b, { allowDestructive: true });
const planMs = performance.now() - started;
started = performance.now();
const sql = formatPlanSql(plan);
const formatMs = performance.now() - started;
await from.end();
await to.end();

/** @type {{ applyMs: number; remaining: string[] } | undefined} */
let proof;
if (applyUrl) {
  const copy = await connect(applyUrl);
  started = performance.now();
  await applyPlan(copy, plan);
  const applyMs = performance.now() - started;
  proof = { applyMs, remaining: changeLines(diffSnapshots(await introspect(copy), b)) };
  await copy.end();
}

const objects = Object.values(a.objects).reduce((sum, list) => sum + list.length, 0);
process.stdout.write(
  `${JSON.stringify({
    objects,
    dependencies: a.dependencies.length,
    introspectFromMs,
    introspectToMs,
    planMs,
    formatMs,
    steps: plan.steps.length,
    withheld: plan.withheld.length,
    unsupported: plan.unsupported.length,
    complete: plan.complete,
    sqlBytes: Buffer.byteLength(sql.main),
    proof,
  })}\n`,
);
