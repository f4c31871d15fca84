// @ts-check
/**
 * The contenders of `bench:upgrade`, each a process of its own given its connection through
 * the environment (never a password on the command line), and the check that each left the
 * database the deltas describe.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { envWithoutPg } from './run-process.mjs';
import { deltasSchema, psqlHistoryTable } from './synthetic-deltas.mjs';

/**
 * The three contenders, and three floors made with plain `pg` in the same kind of Node child as
 * ours (see `upgrade-child.mjs`).
 * @typedef {'pum' | 'psql' | 'node-pg-migrate' | 'raw' | 'batched' | 'many'} Side
 */

/**
 * Every side, in the order of the report's table.
 * @type {readonly Side[]}
 */
export const SIDES = ['pum', 'psql', 'node-pg-migrate', 'raw', 'batched', 'many'];

/**
 * How to start one side on the database at `url`.
 * @typedef {object} SideCommand
 * @property {string} command
 * @property {string[]} args
 * @property {NodeJS.ProcessEnv} env
 */

/**
 * Where each side records the files it ran.
 * @type {Record<Side, string>}
 */
export const historyTables = {
  pum: 'public.pum_history',
  psql: psqlHistoryTable,
  'node-pg-migrate': 'public.pgmigrations',
  raw: psqlHistoryTable,
  batched: psqlHistoryTable,
  many: psqlHistoryTable,
};

const upgradeChild = fileURLToPath(new URL('./upgrade-child.mjs', import.meta.url));
const nodePgMigrateBin = fileURLToPath(import.meta.resolve('node-pg-migrate/bin/node-pg-migrate'));

/** node-pg-migrate's version, from its package.json. */
export const nodePgMigrateVersion = /** @type {{ version: string }} */ (
  JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('node-pg-migrate/package.json')), 'utf8'))
).version;

/**
 * libpq's environment variables for `url`, for psql.
 * @param {string} url
 * @returns {NodeJS.ProcessEnv}
 * @example
 * ```js
 * pgEnv('postgres://postgres@127.0.0.1:5433/db'); // { PGHOST: '127.0.0.1', PGPORT: '5433', … }
 * ```
 */
export function pgEnv(url) {
  const u = new URL(url);
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[(.*)\]$/, '$1')),
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  const host = u.searchParams.get('host');
  if (host) env.PGHOST = host;
  return env;
}

/**
 * @param {Side} side
 * @param {{ url: string; pum0Dir: string; nodePgMigrateDir: string; psqlScript: string; psqlBin: string }} at
 * @returns {SideCommand}
 */
export function sideCommand(side, at) {
  const base = envWithoutPg();
  switch (side) {
    case 'pum':
    case 'raw':
    case 'batched':
    case 'many':
      return {
        command: process.execPath,
        args: [upgradeChild, side, at.pum0Dir],
        env: { ...base, PUM_BENCH_DATABASE_URL: at.url },
      };
    case 'psql':
      return {
        command: at.psqlBin,
        args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', at.psqlScript],
        env: { ...base, ...pgEnv(at.url) },
      };
    case 'node-pg-migrate':
      return {
        command: process.execPath,
        args: [
          nodePgMigrateBin,
          'up',
          ...['--migrations-dir', at.nodePgMigrateDir],
          // A transaction per file, as the other two; its default is one for the whole run.
          '--no-single-transaction',
          // Its default prints every statement.
          '--no-verbose',
        ],
        env: { ...base, DATABASE_URL: at.url },
      };
  }
}

/**
 * The command line of a side for the report, without the connection.
 * @param {Side} side
 */
export function describeSide(side) {
  switch (side) {
    case 'pum':
      return '`loadPum0Module([dir])` + `applyDeltas(client, module)` (defaults: a transaction per file, `public.pum_history`)';
    case 'psql':
      return '`psql -X -q -v ON_ERROR_STOP=1 -f script.sql`, the script being `BEGIN; \\i <file>; INSERT INTO psql_history …; COMMIT;` per file';
    case 'raw':
      return 'plain `pg`, per file `BEGIN`, the file, a parameterised history `INSERT`, `COMMIT`: four round trips';
    case 'batched':
      return 'plain `pg`, per file `BEGIN; <file>; INSERT …; COMMIT;` as one simple-protocol message: one round trip';
    case 'many':
      return 'plain `pg`, the same for 100 files at a time in one message, as ours sends them';
    case 'node-pg-migrate':
      return `\`node-pg-migrate up --migrations-dir <dir> --no-single-transaction --no-verbose\` (${nodePgMigrateVersion}), \`DATABASE_URL\` in the environment`;
  }
}

/**
 * @typedef {object} UpgradeOutcome what a database holds after an upgrade
 * @property {number} history rows of its history table
 * @property {number} tables
 * @property {number} views
 * @property {number} indexes
 * @property {number} foreignKeys
 * @property {number} rows in all tables of the schema
 */

/**
 * Count what the deltas left in the database at `url` and the rows of `historyTable`.
 * @param {string} url
 * @param {string} historyTable
 * @returns {Promise<UpgradeOutcome>}
 */
export async function readOutcome(url, historyTable) {
  const client = new pg.Client({ connectionString: url, application_name: 'pum-bench-verify' });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT
         (SELECT count(*)::int FROM ${historyTable}) AS history,
         count(*) FILTER (WHERE c.relkind = 'r')::int AS tables,
         count(*) FILTER (WHERE c.relkind = 'v')::int AS views,
         count(*) FILTER (WHERE c.relkind = 'i')::int AS indexes,
         (SELECT count(*)::int FROM pg_catalog.pg_constraint
           WHERE contype = 'f' AND connamespace = $1::regnamespace) AS "foreignKeys",
         coalesce(sum((xpath('/row/n/text()', query_to_xml(
           format('SELECT count(*) AS n FROM %s', c.oid::regclass), false, true, '')))[1]::text::int)
           FILTER (WHERE c.relkind = 'r'), 0)::int AS rows
       FROM pg_catalog.pg_class c
       WHERE c.relnamespace = $1::regnamespace`,
      [deltasSchema],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/**
 * What is wrong with `found`, against the deltas' `expected` counts and `files` history rows;
 * empty when nothing is.
 * @param {UpgradeOutcome} found
 * @param {import('./synthetic-deltas.mjs').DeltaCounts} expected
 * @param {number} files
 * @returns {string[]}
 */
export function outcomeProblems(found, expected, files) {
  const problems = [];
  if (found.history !== files) problems.push(`${found.history} history rows, expected ${files}`);
  for (const key of /** @type {const} */ (['tables', 'views', 'indexes', 'foreignKeys', 'rows'])) {
    if (found[key] !== expected[key]) problems.push(`${found[key]} ${key}, expected ${expected[key]}`);
  }
  return problems;
}

/** Where psql is, given the server's client tools directory. @param {string} binDir */
export const psqlIn = (binDir) => join(binDir, 'psql');
