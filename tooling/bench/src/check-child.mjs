#!/usr/bin/env node
// @ts-check
/**
 * Where the time of `pum check <from> <to> --json --output <file>` goes, step by step, in a
 * process of its own:
 *
 *   node check-child.mjs <from-url> <to-url> <out-file>
 *
 * Composes the same public calls as the CLI's check (both sides introspected concurrently,
 * `diffSnapshots()`, `formatJson()`, write), timing each and the CPU time Node spends on it,
 * then introspects each side again alone in the same warmed-up process, for comparison: as
 * the check does (without dependencies), and the first side in full.
 * Prints one JSON line. The benchmark's figures come from the CLI itself; this only explains them.
 */

import './like-pum-bin.mjs';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { diffSnapshots, formatJson } from '@pum/diff';
import { introspect } from '@pum/introspect';
import pg from 'pg';

// Time since the process started: Node start-up and loading the modules above.
const loadedMs = performance.now();

const [fromUrl, toUrl, outFile] = process.argv.slice(2);
if (!fromUrl || !toUrl || !outFile) {
  console.error('usage: check-child.mjs <from-url> <to-url> <out-file>');
  process.exit(2);
}

/**
 * Run `step`, timing its wall time and this process's CPU time (user + system).
 * @template T
 * @param {() => Promise<T>} step
 */
async function timed(step) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await step();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const connect = async (/** @type {string} */ url) => {
  const client = new pg.Client({ connectionString: url, application_name: 'pum-bench' });
  await client.connect();
  return client;
};

const connected = await timed(() => Promise.all([connect(fromUrl), connect(toUrl)]));
const [fromClient, toClient] = connected.value;
// As the CLI does: the check compares objects only, so the dependencies between them are not read.
const checkOptions = { dependencies: false };
const both = await timed(() =>
  Promise.all([introspect(fromClient, checkOptions), introspect(toClient, checkOptions)]),
);
const rssAfterIntrospectKb = process.resourceUsage().maxRSS;
const [from, to] = both.value;
const diffed = await timed(async () => diffSnapshots(from, to, { fromLabel: fromUrl, toLabel: toUrl }));
const written = await timed(() => writeFile(outFile, formatJson(diffed.value)));
const maxRssKb = process.resourceUsage().maxRSS;
const aloneFrom = await timed(() => introspect(fromClient, checkOptions));
const aloneTo = await timed(() => introspect(toClient, checkOptions));
// One side read in full, dependencies included, as the benchmark's one introspection does.
const fullFrom = await timed(() => introspect(fromClient));
await Promise.all([fromClient.end(), toClient.end()]);

const step = (/** @type {{ ms: number; cpuMs: number }} */ s) => ({ ms: s.ms, cpuMs: s.cpuMs });
process.stdout.write(
  `${JSON.stringify({
    loadedMs,
    connect: step(connected),
    introspectBoth: step(both),
    diff: step(diffed),
    report: step(written),
    introspectFromAlone: step(aloneFrom),
    introspectToAlone: step(aloneTo),
    introspectFromFull: step(fullFrom),
    summary: diffed.value.summary,
    rssAfterIntrospectKb,
    maxRssKb,
  })}\n`,
);
