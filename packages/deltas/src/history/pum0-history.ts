/**
 * Adopting a database upgraded by PUM 0.x. What we READ from its upgrades table (e.g.
 * `qwat_sys.info`, `qgep_sys.pum_info`): `id`, `version`, `description`, `type`, `script`,
 * `checksum` and, when present, `success` (what pum writes there is in `pum0-write.ts`). Each of its rows becomes one
 * row of our history with `source = 'pum0:<table>#<id>'`, so it is adopted exactly once and
 * applied deltas are never run again.
 */
import { isVersion, type Queryable, qualifiedName } from '@pum/core';
import type { DeltaKind } from '../module/delta-file.js';
import type { TableName } from './history-table.js';
import { PUM0_TYPE } from './pum0-write.js';
import { pumSourcePrefix } from './source-tag.js';

/** A row of a PUM 0.x upgrades table. */
export interface Pum0Row {
  id: number;
  version: string | null;
  description: string | null;
  type: number;
  script: string | null;
  checksum: string | null;
  success: boolean;
}

/** Whether a table's columns are those of a PUM 0.x upgrades table (projects made small variants). */
export function isPum0Table(columns: readonly string[]): boolean {
  return ['version', 'description', 'type', 'script'].every((c) => columns.includes(c));
}

/**
 * The kind of a PUM 0.x `type` (bit flags: baseline 0, PRE 1, POST 2, PYTHON 4, SQL 8).
 *
 * @example
 * ```ts
 * kindOfPum0Type(9); // 'pre'
 * ```
 */
export function kindOfPum0Type(type: number): DeltaKind {
  if (type === 0) return 'baseline';
  if (type & PUM0_TYPE.PRE) return 'pre';
  if (type & PUM0_TYPE.POST) return 'post';
  return 'delta';
}

/** The source tag of an adopted row. */
export function pum0Source(table: TableName, id: number): string {
  return `${pumSourcePrefix('pum0', table)}${id}`;
}

/** Read the rows of a PUM 0.x upgrades table that hold a usable version. */
export async function readPum0History(
  db: Queryable,
  table: TableName,
  columns: readonly string[],
): Promise<Pum0Row[]> {
  const success = columns.includes('success') ? 'coalesce(success, true)' : 'true';
  const checksum = columns.includes('checksum') ? 'checksum::text' : 'NULL::text';
  const { rows } = await db.query<Pum0Row>(
    `SELECT id::int AS id, version::text AS version, description::text AS description, type::int AS type,
       script::text AS script, ${checksum} AS checksum, ${success} AS success
     FROM ${qualifiedName(table.schema, table.name)} ORDER BY id`,
  );
  return rows.filter((row) => row.version !== null && isVersion(row.version.trim()));
}
