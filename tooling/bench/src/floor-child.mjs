#!/usr/bin/env node

// @ts-check
/**
 * The floor under `introspect-child.mjs run`: the same catalog queries (captured from one of
 * its runs with `--capture`), over as many sessions, those ours streams read through a cursor in
 * batches as ours reads them, and the rows thrown away: no mapping, no snapshot, no file.
 *
 *   node floor-child.mjs <url> <queries.json> [<url> <queries.json> …] [--sessions=<n>]
 *
 * Several databases (each with the queries captured on it) are read at once, each over
 * `<n>` sessions, as `pum check` reads its two sides. It loads the same modules as ours (so
 * start-up is the same) and prints one JSON line with its row count, CPU time and `maxRSS`.
 * Whatever an introspection does with the rows comes on top of this; the server's work and
 * node-postgres receiving the rows are in it.
 */

import './like-pum-bin.mjs';
import { readFileSync } from 'node:fs';
import '@pum/introspect';
import pg from 'pg';
import Cursor from 'pg-cursor';

const argv = process.argv.slice(2);
const flags = argv.filter((arg) => arg.startsWith('--'));
const pairs = argv.filter((arg) => !arg.startsWith('--'));
if (pairs.length === 0 || pairs.length % 2 !== 0) {
  console.error('usage: floor-child.mjs <url> <queries.json> [<url> <queries.json> …] [--sessions=<n>]');
  process.exit(2);
}
const sessions = Number(
  /^--sessions=(\d+)$/.exec(flags.find((f) => f.startsWith('--sessions=')) ?? '')?.[1] ?? 3,
);
// As @pum/introspect divides its default batch among the sessions.
const batchSize = Math.ceil(12_000 / sessions);
let rows = 0;

/**
 * Read one database's queries over `sessions` connections, taking them from one queue.
 * @param {string} url
 * @param {string} queriesFile
 */
async function readSide(url, queriesFile) {
  /** @type {{ text: string; values: unknown[]; cursor: boolean }[]} */
  const queue = JSON.parse(readFileSync(queriesFile, 'utf8'));
  const clients = Array.from({ length: sessions }, () => new pg.Client({ connectionString: url }));
  await Promise.all(clients.map((client) => client.connect()));
  await Promise.all(clients.map((client) => readQueue(client, queue)));
}

/**
 * Take queries from `queue` until it is empty, on `client`, in one read-only transaction.
 * @param {pg.Client} client
 * @param {{ text: string; values: unknown[]; cursor: boolean }[]} queue
 */
async function readQueue(client, queue) {
  // The settings ours reads the catalog with (a fixed search_path, JIT off).
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  await client.query("SELECT set_config('search_path', 'pg_catalog', true), set_config('jit', 'off', true)");
  for (let query = queue.shift(); query; query = queue.shift()) {
    if (!query.cursor) {
      const result = await client.query(query.text, query.values);
      rows += result.rows.length;
      continue;
    }
    const cursor = client.query(new Cursor(query.text, query.values));
    for (let batch = await cursor.read(batchSize); batch.length > 0; batch = await cursor.read(batchSize)) {
      rows += batch.length;
    }
  }
  await client.query('COMMIT');
  await client.end();
}

const sides = [];
for (let i = 0; i < pairs.length; i += 2) sides.push(readSide(String(pairs[i]), String(pairs[i + 1])));
await Promise.all(sides);
const used = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ rows, sessions, cpuMs: (used.user + used.system) / 1000, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
