/**
 * Merging the rows of extension configuration tables into a target whose extension already
 * exists. pg_restore would `COPY` them and fail on the first row the target already has
 * (PostGIS's custom `spatial_ref_sys` entries, restored twice, or created by the same
 * data-model script), losing the others with it. Here each archived row is inserted only when
 * the target has no identical row, and a row whose key the target already uses with other
 * values is left out and counted (the target's row wins). Nothing is written when every row
 * is already there, so a non-superuser can restore a PostGIS dump into a database where a
 * superuser installed PostGIS. Configuration sequences are only ever moved forward.
 */

import { quoteIdent } from '@pum/core';
import type pg from 'pg';
import type { CopyBlock, SequenceValue } from '../archive/extension-script.js';

/**
 * What happened to the rows of one extension configuration table, or to one configuration
 * sequence.
 *
 * @example
 * ```ts
 * const merge: ExtensionDataMerge = {
 *   kind: 'table', schema: 'public', name: 'spatial_ref_sys', rows: 2, present: 1, inserted: 1, conflicting: 0,
 * };
 * ```
 */
export type ExtensionDataMerge =
  | {
      readonly kind: 'table';
      readonly schema: string;
      readonly name: string;
      /** Rows in the archive. */
      readonly rows: number;
      /** Rows the target already had, identical. */
      readonly present: number;
      /** Rows inserted. */
      readonly inserted: number;
      /** Rows left out because the target has a row with the same key and other values. */
      readonly conflicting: number;
    }
  | {
      readonly kind: 'sequence';
      /** As written in the archive, `topology.topology_id_seq`. */
      readonly sequence: string;
      readonly value: string;
      /** Whether the target's sequence was behind and was moved to `value`. */
      readonly advanced: boolean;
    };

const TEMP_TABLE = 'pum_restore_extension_rows';
// Parameters per INSERT stay far below the protocol's limit of 65 535.
const MAX_PARAMETERS = 30_000;

async function mergeTable(client: pg.Client, block: CopyBlock): Promise<ExtensionDataMerge> {
  if (block.rows.length === 0) {
    // The usual case (no custom SRIDs): nothing to do, not even a temporary table.
    return {
      kind: 'table',
      schema: block.schema,
      name: block.table,
      rows: 0,
      present: 0,
      inserted: 0,
      conflicting: 0,
    };
  }
  const table = `${quoteIdent(block.schema)}.${quoteIdent(block.table)}`;
  const temp = `pg_temp.${quoteIdent(TEMP_TABLE)}`;
  const columns = block.columns.map(quoteIdent);
  const columnList = columns.join(', ');
  // Inside the caller's transaction: a failure rolls the temporary table back with the rest.
  await client.query(`CREATE TEMP TABLE ${quoteIdent(TEMP_TABLE)} (LIKE ${table})`);
  const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  for (let start = 0; start < block.rows.length; start += perInsert) {
    const rows = block.rows.slice(start, start + perInsert);
    const values: (string | null)[] = [];
    const tuples = rows.map((row) => {
      const placeholders = columns.map((_, i) => {
        values.push(row[i] ?? null);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await client.query(`INSERT INTO ${temp} (${columnList}) VALUES ${tuples.join(', ')}`, values);
  }
  // Compared as text, so that types without an equality operator compare too.
  const asText = (alias: string) => `(${columns.map((c) => `${alias}.${c}::text`).join(', ')})`;
  const missing = `FROM ${temp} r WHERE NOT EXISTS (SELECT FROM ${table} t WHERE ${asText('t')} IS NOT DISTINCT FROM ${asText('r')})`;
  const counted = await client.query<{ n: string }>(`SELECT count(*) AS n ${missing}`);
  const missingCount = Number(counted.rows[0]?.n ?? 0);
  let inserted = 0;
  if (missingCount > 0) {
    const result = await client.query(
      `INSERT INTO ${table} (${columnList}) SELECT ${columns.map((c) => `r.${c}`).join(', ')} ${missing} ON CONFLICT DO NOTHING`,
    );
    inserted = result.rowCount ?? 0;
  }
  await client.query(`DROP TABLE ${temp}`);
  return {
    kind: 'table',
    schema: block.schema,
    name: block.table,
    rows: block.rows.length,
    present: block.rows.length - missingCount,
    inserted,
    conflicting: missingCount - inserted,
  };
}

async function mergeSequence(client: pg.Client, sequence: SequenceValue): Promise<ExtensionDataMerge> {
  const { rows } = await client.query<{ behind: boolean }>(
    'SELECT coalesce(pg_catalog.pg_sequence_last_value($1::regclass), $2::bigint - 1) < $2::bigint AS behind',
    [sequence.sequence, sequence.value],
  );
  const advanced = rows[0]?.behind === true;
  if (advanced) {
    await client.query('SELECT pg_catalog.setval($1::regclass, $2::bigint, $3::boolean)', [
      sequence.sequence,
      sequence.value,
      sequence.isCalled,
    ]);
  }
  return { kind: 'sequence', sequence: sequence.sequence, value: sequence.value, advanced };
}

/**
 * Merge configuration rows and sequence values in one transaction on `client`, which must not
 * be inside one.
 *
 * @throws the server's error (the transaction rolled back) when a row cannot be written.
 */
export async function mergeExtensionData(
  client: pg.Client,
  copies: readonly CopyBlock[],
  sequences: readonly SequenceValue[],
): Promise<ExtensionDataMerge[]> {
  const merges: ExtensionDataMerge[] = [];
  await client.query('BEGIN');
  try {
    for (const block of copies) merges.push(await mergeTable(client, block));
    for (const sequence of sequences) merges.push(await mergeSequence(client, sequence));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
  return merges;
}
