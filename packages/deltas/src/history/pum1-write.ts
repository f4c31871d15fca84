/**
 * Writing PUM 1.x's `<migration_table_schema>.pum_migrations` as PUM 1.8 wrote it, so that PUM
 * 1.8 (and the QGIS plugins that read the table through it) see every version pum applied: one
 * row per version directory — `module`, `version`, `beta_testing`, `changelog_files` (the paths
 * of the directory's files as PUM was given them), `parameters` (the run's values as JSON),
 * `migration_table_version` 3, `pum_version` — and a baseline row without files. Hooks, grants
 * and failures are never recorded, as PUM 1.8 recorded none of them.
 */
import { qualifiedName, quoteLiteral } from '@pum/core';
import type { TableName } from './history-table.js';

/** The layout version of `pum_migrations` PUM 1.8 writes (`migration_table_version`). */
export const PUM1_TABLE_VERSION = 3;

/**
 * The PUM version pum writes in `pum_version`: the PUM release whose table layout and values it
 * reproduces.
 */
export const PUM1_COMPATIBLE_VERSION = '1.8.0';

/** The columns of `pum_migrations` as PUM 1.8 creates it. */
export const PUM1_COLUMNS: readonly string[] = [
  'id',
  'date_installed',
  'module',
  'version',
  'beta_testing',
  'changelog_files',
  'parameters',
  'migration_table_version',
  'pum_version',
];

/**
 * `CREATE SCHEMA` (unless `public`), `CREATE TABLE` and `COMMENT` of `pum_migrations` as PUM 1.8
 * creates it, each ending with `;`.
 */
export function pum1TableDdl(table: TableName): string {
  const q = qualifiedName(table.schema, table.name);
  const schema =
    table.schema === 'public'
      ? ''
      : `CREATE SCHEMA IF NOT EXISTS ${qualifiedName(undefined, table.schema)};\n`;
  return `${schema}CREATE TABLE IF NOT EXISTS ${q} (
  id uuid DEFAULT gen_random_uuid() PRIMARY KEY,
  date_installed timestamp without time zone NOT NULL DEFAULT now(),
  module character varying(50) NOT NULL,
  version character varying(50) NOT NULL,
  beta_testing boolean NOT NULL DEFAULT false,
  changelog_files text[],
  parameters jsonb,
  migration_table_version integer NOT NULL DEFAULT ${PUM1_TABLE_VERSION},
  pum_version character varying(50) NOT NULL DEFAULT ${quoteLiteral(PUM1_COMPATIBLE_VERSION)}
);
COMMENT ON TABLE ${q} IS ${quoteLiteral(`migration_table_version: ${PUM1_TABLE_VERSION}`)};\n`;
}

/** The values of one row of `pum_migrations`. */
export interface Pum1NewRow {
  module: string;
  version: string;
  betaTesting: boolean;
  /** The version directory's files; empty for a baseline. */
  changelogFiles: readonly string[];
  /** The run's parameter values (JSON). */
  parameters: Record<string, unknown>;
}

/** An SQL `text[]` of `values`. */
function textArray(values: readonly string[]): string {
  return values.length === 0
    ? "'{}'::text[]"
    : `ARRAY[${values.map((v) => quoteLiteral(v)).join(', ')}]::text[]`;
}

/**
 * An `INSERT … RETURNING id` of `row`, setting the columns `columns` has as PUM 1.8 set them. A
 * table of an older layout (without `pum_version`) keeps its own `migration_table_version`.
 */
export function pum1InsertSql(table: TableName, columns: readonly string[], row: Pum1NewRow): string {
  const current = columns.includes('pum_version');
  const values: [string, string | undefined][] = [
    ['module', quoteLiteral(row.module)],
    ['version', quoteLiteral(row.version)],
    ['beta_testing', String(row.betaTesting)],
    ['migration_table_version', current ? String(PUM1_TABLE_VERSION) : undefined],
    ['changelog_files', textArray(row.changelogFiles)],
    ['parameters', `${quoteLiteral(JSON.stringify(row.parameters))}::jsonb`],
    ['pum_version', quoteLiteral(PUM1_COMPATIBLE_VERSION)],
  ];
  const set = values.filter(
    (entry): entry is [string, string] => entry[1] !== undefined && columns.includes(entry[0]),
  );
  return `INSERT INTO ${qualifiedName(table.schema, table.name)} (${set.map(([c]) => c).join(', ')})
     VALUES (${set.map(([, v]) => v).join(', ')}) RETURNING id`;
}
