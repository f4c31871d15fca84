// @ts-check
/**
 * CPU time used by a PostgreSQL server running on this machine, read from Linux's `/proc`: the
 * postmaster's own, that of its children that have exited (backends of finished sessions), and
 * that of its live children (backends, autovacuum, checkpointer, …). Taken before and after a
 * run, it tells the server's share of the work from the client's.
 */

import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';

/** `USER_HZ`, the unit of the times in `/proc/<pid>/stat`: 100 on every Linux that Node runs on. */
const ticksPerSecond = 100;

/**
 * The fields of `/proc/<pid>/stat` used here (the command name, in parentheses, may hold spaces).
 * @param {string} text
 */
function parseStat(text) {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const at = (/** @type {number} */ i) => Number(fields[i - 3]);
  return { ppid: at(4), own: at(14) + at(15), children: at(16) + at(17) };
}

/** @param {number | string} pid */
async function statOf(pid) {
  return parseStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * The postmaster's process id of the server at `url`, when it runs on this machine and `/proc`
 * can be read; `undefined` otherwise (another machine, a container, not Linux).
 * @param {string} url
 * @returns {Promise<number | undefined>}
 */
export async function localPostmaster(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'pum-bench' });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
    const { ppid } = await statOf(rows[0].pid);
    await statOf(ppid);
    return ppid;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * CPU time (user + system) the server of `postmaster` has used so far, in ms.
 * @param {number} postmaster
 * @returns {Promise<number>}
 * @example
 * ```js
 * const before = await serverCpuMs(pid);
 * await run();
 * const serverMs = (await serverCpuMs(pid)) - before;
 * ```
 */
export async function serverCpuMs(postmaster) {
  let ticks = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || entry === String(postmaster)) continue;
    const stat = await statOf(entry).catch(() => undefined);
    if (stat?.ppid === postmaster) ticks += stat.own;
  }
  const own = await statOf(postmaster);
  return ((ticks + own.own + own.children) * 1000) / ticksPerSecond;
}
