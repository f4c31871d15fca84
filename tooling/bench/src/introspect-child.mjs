#!/usr/bin/env node

// @ts-check
/**
 * One measured introspection, in a process of its own so that its peak RSS is its alone:
 *
 *   node introspect-child.mjs run <url> [<out-file>] [--profile] [--sessions=<n>] [--no-dependencies] [--capture=<file>]
 *   node introspect-child.mjs idle <url>
 *
 * `run` connects, introspects the whole database (over `<n>` connections sharing one snapshot,
 * default 3 as `pum snapshot`; the extra ones opened by the `connect` option), serialises the snapshot to `<out-file>`
 * (when given) and prints one JSON line with its timings, stats and `maxRSS`. With
 * `--capture=<file>`, the catalog queries it sent (text, values and whether it read them through
 * a cursor, in the order they were sent, whichever session sent them; transaction control left
 * out) go to `<file>`, for `floor-child.mjs`. `idle` loads the same
 * modules, connects, runs `SELECT 1` and prints its `maxRSS`: the floor to subtract.
 * With `--profile`, every catalog query is timed as it runs inside the introspection, then
 * replayed alone (plain, then under `EXPLAIN ANALYZE`) to split server time from ours.
 */

import './like-pum-bin.mjs';
import { statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { introspectWithStats, saveSnapshot } from '@pum/introspect';
import pg from 'pg';

const argv = process.argv.slice(2);
const flags = argv.filter((arg) => arg.startsWith('--'));
const [mode, url, outFile] = argv.filter((arg) => !arg.startsWith('--'));
if ((mode !== 'run' && mode !== 'idle') || !url) {
  console.error(
    'usage: introspect-child.mjs run <url> [<out-file>] [--profile] [--sessions=<n>] [--no-dependencies] [--capture=<file>] | idle <url>',
  );
  process.exit(2);
}

const sessions = Number(
  /^--sessions=(\d+)$/.exec(flags.find((flag) => flag.startsWith('--sessions=')) ?? '')?.[1] ?? 3,
);
const captureFile = /^--capture=(.+)$/.exec(flags.find((flag) => flag.startsWith('--capture=')) ?? '')?.[1];
/** @type {{ text: string; values: unknown[]; cursor: boolean }[]} */
const captured = [];
const TRANSACTION_CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|SET TRANSACTION)\b/i;
/** Note every catalog query `target` is sent, when capturing. */
const capture = (/** @type {pg.Client} */ target) => {
  if (!captureFile) return target;
  const original = target.query.bind(target);
  /** @type {any} */ (target).query = (/** @type {any} */ config, /** @type {any[]} */ ...rest) => {
    const cursor = typeof config?.submit === 'function' && typeof config.read === 'function';
    const text = typeof config === 'string' ? config : config?.text;
    const values = typeof config === 'string' ? (rest[0] ?? []) : (config?.values ?? []);
    if (typeof text === 'string' && !TRANSACTION_CONTROL.test(text)) captured.push({ text, values, cursor });
    return original(config, ...rest);
  };
  return target;
};
const connect = async () => {
  const extra = capture(new pg.Client({ connectionString: url, application_name: 'pum-bench' }));
  await extra.connect();
  return extra;
};
const client = capture(new pg.Client({ connectionString: url, application_name: 'pum-bench' }));
const t0 = performance.now();
await client.connect();
const connectMs = performance.now() - t0;

if (mode === 'idle') {
  await client.query('SELECT 1');
  await client.end();
  print({ maxRssKb: process.resourceUsage().maxRSS });
} else {
  const profile = flags.includes('--profile') ? traceQueries(client) : undefined;
  const t1 = performance.now();
  // `--no-dependencies` reads as `pum check` does: objects only.
  const dependencies = !flags.includes('--no-dependencies');
  const { snapshot, stats } = await introspectWithStats(client, {
    ...(sessions > 1 ? { connect, sessions } : {}),
    dependencies,
  });
  const t2 = performance.now();
  const introspected = {
    maxRssKb: process.resourceUsage().maxRSS,
    heapUsedKb: process.memoryUsage().heapUsed / 1024,
  };
  // saveSnapshot() streams the canonical JSON object by object, as `pum snapshot -o` does.
  if (outFile) await saveSnapshot(snapshot, outFile);
  const t4 = performance.now();
  const counts = Object.fromEntries(
    Object.entries(snapshot.objects).map(([kind, list]) => [kind, list.length]),
  );
  const maxRssKb = process.resourceUsage().maxRSS;
  const used = process.cpuUsage();
  const queries = profile ? await replay(client, profile.done()) : undefined;
  if (captureFile) writeFileSync(captureFile, JSON.stringify(captured));
  await client.end();
  print({
    connectMs,
    introspectMs: t2 - t1,
    saveMs: t4 - t2,
    totalMs: t4 - t0,
    sessions,
    stats,
    snapshotBytes: outFile ? statSync(outFile).size : 0,
    counts,
    maxRssKb,
    cpuMs: (used.user + used.system) / 1000,
    introspected,
    queries,
  });
}

/** @param {unknown} value */
function print(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * @typedef {object} TracedQuery
 * @property {string} reader the catalog reader (`readColumns`, …) that ran it
 * @property {string} text
 * @property {unknown[]} values
 * @property {number} inRunMs from submission to the arrival of the last rows (earlier batches' mapping included)
 */

/**
 * Wrap `client.query` to time every streamed catalog query (the pg-cursor objects the
 * readers submit carry their text and values, and end when the last rows have arrived).
 * Only fine for a client used by one caller at a time.
 * @param {pg.Client} target
 */
function traceQueries(target) {
  /** @type {TracedQuery[]} */
  const traced = [];
  const original = target.query.bind(target);
  /** @type {any} */ (target).query = (/** @type {any} */ config, /** @type {any[]} */ ...rest) => {
    if (typeof config?.submit === 'function' && typeof config.read === 'function') {
      const entry = {
        reader: readerName(new Error().stack ?? ''),
        text: config.text,
        values: config.values ?? [],
        inRunMs: 0,
      };
      const started = performance.now();
      config.once('end', () => {
        entry.inRunMs = performance.now() - started;
      });
      traced.push(entry);
    }
    return original(config, ...rest);
  };
  return {
    done() {
      /** @type {any} */ (target).query = original;
      return traced;
    },
  };
}

/** The reader function on the stack: `readColumns` from `at readColumns (…)`. */
function readerName(/** @type {string} */ stack) {
  return /\bat (?:async )?(read[A-Z]\w*)/.exec(stack)?.[1] ?? 'unknown';
}

/**
 * Run each traced query again, alone, in one snapshot transaction with the search_path the
 * introspection uses: plainly (server plus transfer plus pg's row parsing), plainly with JIT
 * off, and under `EXPLAIN (ANALYZE, TIMING OFF)` (server only, and whether JIT kicked in).
 * @param {pg.Client} target
 * @param {TracedQuery[]} traced
 */
async function replay(target, traced) {
  await target.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await target.query(`SELECT set_config('search_path', 'pg_catalog', true)`);
  const jit = (await target.query('SHOW jit')).rows[0].jit;
  const timed = async (/** @type {TracedQuery} */ query) => {
    const started = performance.now();
    const result = await target.query({ text: query.text, values: query.values });
    return { ms: performance.now() - started, rows: result.rowCount };
  };
  const out = [];
  for (const query of traced) {
    const plain = await timed(query);
    await target.query('SET LOCAL jit = off');
    const noJit = await timed(query);
    await target.query(`SET LOCAL jit = ${jit}`);
    const explained = await target.query({
      text: `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${query.text}`,
      values: query.values,
    });
    const plan = explained.rows[0]['QUERY PLAN'][0];
    out.push({
      reader: query.reader,
      rows: plain.rows,
      inRunMs: query.inRunMs,
      plainMs: plain.ms,
      noJitMs: noJit.ms,
      serverMs: plan['Planning Time'] + plan['Execution Time'],
      jitFunctions: plan.JIT?.Functions ?? 0,
      text: query.text,
    });
  }
  await target.query('COMMIT');
  return out;
}
