// @ts-check
/** Make one synthetic database on a throwaway server, timing each phase. */

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
export async function buildSyntheticDatabase(server, name, tables) {
  let started = performance.now();
  const url = await server.createDatabase(
    name,
    server.postgisTemplate ? { template: server.postgisTemplate } : undefined,
  );
  const createMs = performance.now() - started;

  const client = new pg.Client({ connectionString: url, application_name: 'pum-bench-build' });
  await client.connect();
  try {
    started = performance.now();
    const batches = syntheticSchemaBatches({ tables, postgis: server.postgisTemplate !== undefined });
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
