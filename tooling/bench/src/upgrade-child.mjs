#!/usr/bin/env node

// @ts-check
/**
 * One measured upgrade, in a process of its own, connected through `PUM_BENCH_DATABASE_URL`
 * (never a URL on the command line):
 *
 *   node upgrade-child.mjs pum <delta-dir> [--profile]
 *   node upgrade-child.mjs raw <delta-dir>
 *   node upgrade-child.mjs batched <delta-dir>
 *   node upgrade-child.mjs many <delta-dir>
 *
 * `pum` reads the directory with `loadPum0Module()` and runs `applyDeltas()` with its defaults
 * (a transaction per file, `public.pum_history`), as `pum upgrade` does; with `--profile` every
 * query it sends is timed and sorted by what it is for. `raw` and `batched` are floors made with
 * plain `pg` on the same files: `raw` sends what a file costs at least with a history row
 * (`BEGIN`, the file, a parameterised `INSERT`, `COMMIT`: four round trips), `batched` the same
 * as one simple-protocol message per file, `many` as one message per 100 files (as ours sends
 * them by default). Each prints one JSON line.
 */

import './like-pum-bin.mjs';
import { performance } from 'node:perf_hooks';
import { applyDeltas, loadPum0Module } from '@pum/deltas';
import pg from 'pg';
import { psqlHistoryDdl, psqlHistoryTable } from './synthetic-deltas.mjs';

const loadedMs = performance.now();
const argv = process.argv.slice(2);
const flags = argv.filter((arg) => arg.startsWith('--'));
const [mode, dir] = argv.filter((arg) => !arg.startsWith('--'));
const url = process.env.PUM_BENCH_DATABASE_URL;
if (!['pum', 'raw', 'batched', 'many'].includes(mode ?? '') || !dir || !url) {
  console.error(
    'usage: PUM_BENCH_DATABASE_URL=… upgrade-child.mjs pum|raw|batched|many <delta-dir> [--profile]',
  );
  process.exit(2);
}

/** Files per message of the floors: 0 sends each file as four round trips. @type {Record<string, number>} */
const FILES_PER_MESSAGE = { raw: 0, batched: 1, many: 100 };

let t = performance.now();
const module = loadPum0Module([dir]);
const readMs = performance.now() - t;

const client = new pg.Client({ connectionString: url, application_name: 'pum-bench' });
t = performance.now();
await client.connect();
const connectMs = performance.now() - t;

const trace = mode === 'pum' && flags.includes('--profile') ? traceQueries(client, module) : undefined;
const cpu = process.cpuUsage();
t = performance.now();
let applied = 0;
if (mode === 'pum') {
  const report = await applyDeltas(client, module, { toolVersion: 'bench' });
  applied = report.applied.length;
} else {
  applied = await plainLoop(client, module, FILES_PER_MESSAGE[mode ?? ''] ?? 0);
}
const applyMs = performance.now() - t;
const used = process.cpuUsage(cpu);
await client.end();

process.stdout.write(
  `${JSON.stringify({
    loadedMs,
    readMs,
    connectMs,
    applyMs,
    applyCpuMs: (used.user + used.system) / 1000,
    applyUserMs: used.user / 1000,
    applied,
    profile: trace?.summary(t, t + applyMs),
  })}\n`,
);

/**
 * The floor loops: per file, `BEGIN`, the file, the history row, `COMMIT`; as four round
 * trips (`perMessage` 0), or as simple-protocol messages of `perMessage` files each.
 * @param {pg.Client} db
 * @param {import('@pum/deltas').DeltaModule} deltaModule
 * @param {number} perMessage
 */
async function plainLoop(db, deltaModule, perMessage) {
  await db.query(psqlHistoryDdl);
  const insert = `INSERT INTO ${psqlHistoryTable} (version, name, path, checksum, success)`;
  /** @type {string[]} */
  let message = [];
  for (const file of deltaModule.files) {
    const values = [file.version?.text ?? '', file.name, file.path, file.checksum];
    if (perMessage > 0) {
      const literals = values.map((value) => db.escapeLiteral(value)).join(', ');
      message.push(`BEGIN;\n${file.text}\n;${insert} VALUES (${literals}, true);\nCOMMIT;`);
      if (message.length < perMessage) continue;
      await db.query(message.join('\n'));
      message = [];
    } else {
      await db.query('BEGIN');
      await db.query(file.text);
      await db.query(`${insert} VALUES ($1, $2, $3, $4, true)`, values);
      await db.query('COMMIT');
    }
  }
  if (message.length > 0) await db.query(message.join('\n'));
  return deltaModule.files.length;
}

/**
 * @typedef {object} QueryKind what one kind of query cost during the upgrade
 * @property {string} kind
 * @property {number} count
 * @property {number} ms submission to result, summed
 */

/**
 * @typedef {object} UpgradeProfile
 * @property {QueryKind[]} setup queries before the first file's `BEGIN` (lock, planning)
 * @property {number} setupMs apply start to the first file's `BEGIN`
 * @property {number} setupGapMs of that, time outside queries (preparing the files, …)
 * @property {QueryKind[]} files queries from the first `BEGIN` to the last `COMMIT`
 * @property {number} filesMs first `BEGIN` to the end of the last `COMMIT`
 * @property {number} filesGapMs of that, time between queries (Node's own work per file)
 * @property {number} teardownMs end of the last `COMMIT` to the end of the apply (the unlock)
 * @property {number} fileCount
 * @property {string} historyInsertSql the text of one history insert, as sent
 */

/**
 * Wrap `db.query` to time every query of the upgrade and sort it by its text.
 * @param {pg.Client} db
 * @param {import('@pum/deltas').DeltaModule} deltaModule
 */
function traceQueries(db, deltaModule) {
  const fileTexts = new Set(deltaModule.files.map((file) => file.text));
  /** @type {{ kind: string; start: number; end: number; files: number }[]} */
  const events = [];
  let historyInsertSql = '';
  const oneMessage = 'delta file + history insert + COMMIT, one message';
  const severalFiles = 'several files, each BEGIN + file + history insert + COMMIT, one message';
  const carriesFiles = (/** @type {string} */ kind) => kind === oneMessage || kind === severalFiles;
  const original = db.query.bind(db);
  /** @param {string} text */
  const kindOf = (text) => {
    const head = text.trimStart().slice(0, 200);
    // Several files in one message, each `BEGIN;`, the file, its row, `COMMIT;` (see file-batch.ts).
    if (head.includes('AS "pum_base_')) {
      const insert = text.indexOf('INSERT INTO');
      historyInsertSql ||= text.slice(insert, text.indexOf('COMMIT;', insert) + 'COMMIT;'.length);
      return severalFiles;
    }
    // A file sent with its history row as one message: `BEGIN;`, the file, the row, `COMMIT;`.
    if (/^BEGIN;\n/.test(head) && text.endsWith('COMMIT;')) {
      historyInsertSql ||= text.slice(text.lastIndexOf('INSERT INTO'));
      return oneMessage;
    }
    if (/^BEGIN$/i.test(head)) return 'BEGIN';
    if (/^COMMIT$/i.test(head)) return 'COMMIT';
    if (/^ROLLBACK$/i.test(head)) return 'ROLLBACK';
    if (head.includes('pg_try_advisory_lock')) return 'lock';
    if (head.includes('pg_advisory_unlock')) return 'unlock';
    if (head.startsWith('CREATE SCHEMA IF NOT EXISTS')) return 'create history table';
    if (/^INSERT INTO \S*pum_history/.test(head)) {
      historyInsertSql ||= text;
      return 'history insert';
    }
    if (/^UPDATE \S*pum_history/.test(head)) return 'history update';
    if (text.includes('to_regclass')) return 'plan: find history tables';
    if (/FROM \S*pum_history/.test(text)) return 'plan: read history';
    if (fileTexts.has(text)) return 'delta file';
    return `other: ${head.slice(0, 60).replace(/\s+/g, ' ')}`;
  };
  /** @type {any} */ (db).query = (/** @type {any} */ config, /** @type {any[]} */ ...rest) => {
    const text = typeof config === 'string' ? config : String(config?.text ?? '');
    const kind = kindOf(text);
    const files =
      kind === severalFiles ? (text.match(/^BEGIN;$/gm) ?? []).length : kind === oneMessage ? 1 : 0;
    const event = { kind, start: performance.now(), end: 0, files };
    events.push(event);
    const ended = () => {
      event.end = performance.now();
    };
    const result = /** @type {any} */ (original(config, ...rest));
    // A query object (several files in one message) reports by events, a text by a promise.
    if (typeof result?.finally !== 'function') {
      result.once('end', ended);
      result.once('error', ended);
      return result;
    }
    return result.finally(ended);
  };
  return {
    /**
     * @param {number} from apply start
     * @param {number} to apply end
     * @returns {UpgradeProfile}
     */
    summary(from, to) {
      const firstBegin = events.findIndex((e) => e.kind === 'BEGIN' || carriesFiles(e.kind));
      const lastCommit = events.findLastIndex((e) => e.kind === 'COMMIT' || carriesFiles(e.kind));
      const setup = events.slice(0, firstBegin);
      const files = events.slice(firstBegin, lastCommit + 1);
      const inQueries = (/** @type {typeof events} */ list) =>
        list.reduce((sum, e) => sum + (e.end - e.start), 0);
      const setupMs = (events[firstBegin]?.start ?? to) - from;
      const filesMs = (events[lastCommit]?.end ?? to) - (events[firstBegin]?.start ?? to);
      return {
        setup: byKind(setup),
        setupMs,
        setupGapMs: setupMs - inQueries(setup),
        files: byKind(files),
        filesMs,
        filesGapMs: filesMs - inQueries(files),
        teardownMs: to - (events[lastCommit]?.end ?? to),
        fileCount: files.reduce((sum, e) => sum + (e.kind === 'delta file' ? 1 : e.files), 0),
        historyInsertSql,
      };
    },
  };

  /** @param {{ kind: string; start: number; end: number; files: number }[]} list */
  function byKind(list) {
    /** @type {Map<string, QueryKind>} */
    const kinds = new Map();
    for (const e of list) {
      const entry = kinds.get(e.kind) ?? { kind: e.kind, count: 0, ms: 0 };
      entry.count++;
      entry.ms += e.end - e.start;
      kinds.set(e.kind, entry);
    }
    return [...kinds.values()];
  }
}
