/**
 * Writing a PUM 0.x upgrades table (`qwat_sys.info`, `qgep_sys.pum_info`) as PUM 0.10 wrote it,
 * so that PUM 0.10 reading the database after pum sees every file pum applied: one row per
 * applied `delta_…` file — `version`, `description` (the name part of the file name), `type`
 * (flags: PRE 1, POST 2, PYTHON 4, SQL 8), `script` (the file's path as PUM was given it),
 * `checksum` (md5 of the file's bytes), `installed_by` (the login user), `installed_on` (the
 * column default), `execution_time` 1 and `success` true — and a baseline row (`'baseline'`,
 * type 0, empty script and checksum). `pre-all` / `post-all` files and failures are never
 * recorded, as PUM 0.10 recorded neither.
 */
import { qualifiedName, quoteLiteral } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import type { TableName } from './history-table.js';

/** PUM 0.x's `type` bit flags (a baseline row is type 0). */
export const PUM0_TYPE = { PRE: 1, POST: 2, PYTHON: 4, SQL: 8 } as const;

/**
 * `CREATE TABLE` of an upgrades table as PUM 0.10's `baseline` creates it (its schema created
 * first when missing, which PUM 0.10 left to the user).
 */
export function pum0TableDdl(table: TableName): string {
  return `CREATE SCHEMA IF NOT EXISTS ${qualifiedName(undefined, table.schema)};
CREATE TABLE IF NOT EXISTS ${qualifiedName(table.schema, table.name)} (
  id serial NOT NULL,
  version character varying(50),
  description character varying(200) NOT NULL,
  type integer NOT NULL,
  script character varying(1000) NOT NULL,
  checksum character varying(32) NOT NULL,
  installed_by character varying(100) NOT NULL,
  installed_on timestamp without time zone NOT NULL DEFAULT now(),
  execution_time integer NOT NULL,
  success boolean NOT NULL,
  PRIMARY KEY (id)
);\n`;
}

/**
 * PUM 0.x's `type` of a file, or `undefined` for a file PUM 0.x would not have run as a delta
 * (`pre-all`, `post-all`, code deltas).
 *
 * @example
 * ```ts
 * pum0TypeOf({ kind: 'pre', language: 'sql' }); // 9
 * ```
 */
export function pum0TypeOf(file: Pick<DeltaFile, 'kind' | 'language'>): number | undefined {
  if (file.kind !== 'pre' && file.kind !== 'delta' && file.kind !== 'post') return undefined;
  if (file.language !== 'sql' && file.language !== 'python') return undefined;
  const stage = file.kind === 'pre' ? PUM0_TYPE.PRE : file.kind === 'post' ? PUM0_TYPE.POST : 0;
  return stage | (file.language === 'sql' ? PUM0_TYPE.SQL : PUM0_TYPE.PYTHON);
}

/** The values of one row of a PUM 0.x upgrades table. */
export interface Pum0NewRow {
  version: string;
  description: string;
  type: number;
  script: string;
  checksum: string;
}

/** PUM 0.10's baseline row of `version`. */
export function pum0BaselineRow(version: string): Pum0NewRow {
  return { version, description: 'baseline', type: 0, script: '', checksum: '' };
}

/**
 * An `INSERT … RETURNING id` of `row` into `table`, setting only the columns `columns` has
 * (projects created variants of the table), as PUM 0.10 set them.
 */
export function pum0InsertSql(table: TableName, columns: readonly string[], row: Pum0NewRow): string {
  const values: [string, string][] = [
    ['version', quoteLiteral(row.version)],
    ['description', quoteLiteral(row.description)],
    ['type', String(row.type)],
    ['script', quoteLiteral(row.script)],
    ['checksum', quoteLiteral(row.checksum)],
    ['installed_by', 'session_user'],
    ['execution_time', '1'],
    ['success', 'true'],
  ];
  const set = values.filter(([column]) => columns.includes(column));
  return `INSERT INTO ${qualifiedName(table.schema, table.name)} (${set.map(([c]) => c).join(', ')})
     VALUES (${set.map(([, v]) => v).join(', ')}) RETURNING id`;
}
