/**
 * The source tag of pum's history rows that stand for a row of PUM's table: `pum0:<schema>.<table>#<id>`
 * (PUM 0.x) or `pum1:<schema>.<table>#<id>/<file>` (PUM 1.x). Adoption writes it, the mirror links
 * pum's own rows with it, and the guard against a new history looks for it.
 */
import type { TableName } from './history-table.js';

/**
 * The part of the tag before the row: `pum0:qwat_sys.info#`.
 *
 * @example
 * ```ts
 * pumSourcePrefix('pum0', { schema: 'qwat_sys', name: 'info' }); // 'pum0:qwat_sys.info#'
 * ```
 */
export function pumSourcePrefix(format: 'pum0' | 'pum1', table: TableName): string {
  return `${format}:${table.schema}.${table.name}#`;
}
