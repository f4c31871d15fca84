// @ts-check
/** Make databases on a throwaway server, timing each phase. */

import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { syntheticSchemaBatches } from './synthetic-schema.mjs';

/**
 * @typedef {object} BuiltDatabase
 * @property {string} url
 * @property {number} createMs CREATE DATABASE (from the PostGIS template when there is one)
 * @property {number} ddlMs running the synthetic DDL
 * @property {number} analyzeMs VACUUM ANALYZE, so that catalog statistics are those of a settled database
 */

/**
 * Create database `name` on `server` and fill it with `tables` synthetic tables.
 * @param {import('@pum/test-postgres').TestPostgres} server
 * @param {string} name
 * @param {number} tables
 * @returns {Promise<BuiltDatabase>}
 */
export function buildSyntheticDatabase(server, name, tables) {
  const batches = syntheticSchemaBatches({ tables, postgis: server.postgisTemplate !== undefined });
  return buildDatabase(server, name, batches);
}

/**
 * Create database `name` on `server` as a copy of `template` (default: the PostGIS template
 * when the server has one, else an empty database), run `batches` one after the other (each
 * one simple-protocol round trip), then `VACUUM ANALYZE`.
 * @param {import('@pum/test-postgres').TestPostgres} server
 * @param {string} name
 * @param {readonly string[]} batches
 * @param {{ template?: string | undefined }} [options]
 * @returns {Promise<BuiltDatabase>}
 * @example
 * ```js
 * await buildDatabase(server, 'copy', ['DROP TABLE bench_00.t_00001 CASCADE'], { template: 'original' });
 * ```
 */
export async function buildDatabase(server, name, batches, options = {}) {
  const template = options.template ?? server.postgisTemplate;
  let started = performance.now();
  const url = await server.createDatabase(name, template ? { template } : undefined);
  const createMs = performance.now() - started;

  const client = new pg.Client({ connectionString: url, application_name: 'pum-bench-build' });
  await client.connect();
  try {
    started = performance.now();
    for (const sql of batches) await client.query(sql);
    const ddlMs = performance.now() - started;

    started = performance.now();
    await client.query('VACUUM ANALYZE');
    const analyzeMs = performance.now() - started;
    return { url, createMs, ddlMs, analyzeMs };
  } finally {
    await client.end();
  }
}
