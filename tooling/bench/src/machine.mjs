// @ts-check
/** What a benchmark ran on, gathered once and described in one sentence of its report. */

import * as os from 'node:os';
import { fmtLoad } from './format.mjs';

/**
 * @typedef {object} MachineFacts
 * @property {number} cpus
 * @property {string} cpuModel
 * @property {number} memoryGb
 * @property {string} node
 * @property {string} postgres server version
 * @property {string | undefined} postgis
 * @property {string} backend where the server came from (`@pum/test-postgres`)
 * @property {string} [pgDump] `pg_dump --version`, when the benchmark runs it
 * @property {number[]} loadBefore `os.loadavg()` when the benchmark started
 * @property {number[]} loadAfter `os.loadavg()` when it ended
 */

/**
 * Facts about this machine and `server`; call it at the end, with the load average taken at
 * the start.
 * @param {import('@pum/test-postgres').TestPostgres} server
 * @param {number[]} loadBefore
 * @param {{ pgDump?: string }} [extra]
 * @returns {MachineFacts}
 */
export function machineFacts(server, loadBefore, extra = {}) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    postgres: server.serverVersion,
    postgis: server.postgisVersion,
    backend: server.backend,
    ...extra,
    loadBefore,
    loadAfter: os.loadavg(),
  };
}

/**
 * `2 CPUs (AMD EPYC), 24 GiB RAM, Node v20.20.2, PostgreSQL 15.18 (local programs, fsync off), … Load average …`
 * @param {MachineFacts} m
 */
export function describeMachine(m) {
  const server =
    m.backend === 'env-url' ? 'the server of PUM_TEST_DATABASE_URL' : `${m.backend} programs, fsync off`;
  return (
    `${m.cpus} CPUs (${m.cpuModel}), ${Math.round(m.memoryGb)} GiB RAM, Node ${m.node}, PostgreSQL ${m.postgres} (${server}), ` +
    `PostGIS ${m.postgis ?? 'none'}${m.pgDump ? `, ${m.pgDump}` : ''}. ` +
    `Load average (1/5/15 min) ${fmtLoad(m.loadBefore)} before, ${fmtLoad(m.loadAfter)} after.`
  );
}

/**
 * CPU time of the whole machine so far, all CPUs summed, for {@link busyShare}.
 * @returns {{ busyMs: number; idleMs: number }}
 */
export function cpuTimes() {
  let busyMs = 0;
  let idleMs = 0;
  for (const { times } of os.cpus()) {
    busyMs += times.user + times.nice + times.sys + times.irq;
    idleMs += times.idle;
  }
  return { busyMs, idleMs };
}

/**
 * How busy the machine's CPUs were between two {@link cpuTimes} readings, 0 to 1: whoever used
 * them (the program measured, the database server, anything else running).
 * @param {{ busyMs: number; idleMs: number }} before
 * @param {{ busyMs: number; idleMs: number }} after
 * @example
 * ```js
 * const before = cpuTimes();
 * await work();
 * busyShare(before, cpuTimes()); // 0.93
 * ```
 */
export function busyShare(before, after) {
  const busy = after.busyMs - before.busyMs;
  const idle = after.idleMs - before.idleMs;
  return busy + idle > 0 ? busy / (busy + idle) : 0;
}
