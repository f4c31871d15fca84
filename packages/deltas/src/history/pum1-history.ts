/**
 * Adopting a database installed or upgraded by PUM 1.x. What we READ from
 * `<migration_table_schema>.pum_migrations`: `id`, `module`, `version`, `changelog_files`, `date_installed`, and
 * `parameters` and `beta_testing` when the columns exist — one row per version PUM applied (what pum writes there is in `pum1-write.ts`). Each changelog file of
 * each row becomes one row of our history (`source = 'pum1:<table>#<id>/<file>'`); a row
 * without files is a baseline.
 */
import { type Queryable, qualifiedName } from '@pum/core';
import type { TableName } from './history-table.js';
import type { LegacyEntry } from './legacy.js';
import { pumSourcePrefix } from './source-tag.js';

/** Whether a table's columns are those of PUM 1.x's `pum_migrations`. */
export function isPum1Table(columns: readonly string[]): boolean {
  return ['module', 'version', 'changelog_files'].every((c) => columns.includes(c));
}

/** The file name of a recorded changelog path without directories and `.sql`. */
function changelogName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return base.replace(/\.sql$/i, '');
}

/** A jsonb value as a parameter object (PUM may have stored null). */
function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Read the history PUM 1.x recorded for `module` (every row when undefined), as entries to adopt. */
export async function readPum1History(
  db: Queryable,
  table: TableName,
  module: string | undefined,
): Promise<LegacyEntry[]> {
  const { rows } = await db.query<{
    id: string;
    version: string;
    files: string[] | null;
    parameters: Record<string, unknown> | null;
    beta: boolean | null;
  }>(
    `SELECT id::text AS id, version::text AS version, changelog_files::text[] AS files,
       to_jsonb(m) -> 'parameters' AS parameters, (to_jsonb(m) ->> 'beta_testing')::boolean AS beta
     FROM ${qualifiedName(table.schema, table.name)} m WHERE $1::text IS NULL OR module = $1 ORDER BY date_installed, id`,
    [module ?? null],
  );
  const source = (id: string, file?: string) =>
    `${pumSourcePrefix('pum1', table)}${id}${file ? `/${file}` : ''}`;
  return rows.flatMap((row): LegacyEntry[] =>
    row.files && row.files.length > 0
      ? row.files.map((file) => ({
          source: source(row.id, file),
          version: row.version.trim(),
          name: changelogName(file),
          kind: 'delta',
          path: file,
          md5: null,
          success: true,
          parameters: objectOrEmpty(row.parameters),
          betaTesting: row.beta === true,
        }))
      : [
          {
            source: source(row.id),
            version: row.version.trim(),
            name: 'baseline',
            kind: 'baseline',
            path: null,
            md5: null,
            success: true,
            parameters: objectOrEmpty(row.parameters),
            betaTesting: row.beta === true,
          },
        ],
  );
}
