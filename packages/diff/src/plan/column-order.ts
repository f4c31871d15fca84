/**
 * Column order of tables that both sides have. `ADD COLUMN` appends, and pum never rewrites a
 * table to reorder it: after a plan, a table has the columns it keeps, in their order, then the
 * columns the plan adds (new ones, and those dropped and added again), which the plan adds in
 * the target's order. When that is not the target's order, the plan says so in a `manual` step.
 */
import { quoteIdent } from '@pum/core';
import type { Column, ObjectKind } from '@pum/introspect';
import { objectKey } from '@pum/introspect';
import type { IndexedSide } from './plan-side.js';
import { tableOf } from './sql-names.js';

/** What {@link columnOrder} finds for the tables of a plan. */
export interface ColumnOrder {
  /** Columns the plan adds to a table, each after the previous one: `[column, previous]`. */
  chains: [string, string][];
  /** One `manual` comment per table whose column order the plan does not reach: `[table key, SQL]`. */
  unreached: [string, string][];
}

/**
 * The add order and the unreachable orders of the tables whose columns are added, removed,
 * dropped and added again, or move (`moved`: the keys of columns whose position differs).
 */
export function columnOrder(
  before: IndexedSide,
  after: IndexedSide,
  columns: {
    added: ReadonlyMap<string, ObjectKind>;
    removed: ReadonlyMap<string, ObjectKind>;
    replaced: ReadonlyMap<string, ObjectKind>;
    moved: Iterable<string>;
  },
): ColumnOrder {
  const { added, removed, replaced } = columns;
  const tables = new Map<string, Column>();
  for (const key of [...added.keys(), ...removed.keys(), ...replaced.keys(), ...columns.moved]) {
    if (!key.startsWith('column:')) continue;
    const column = (after.lookup(key) ?? before.lookup(key))?.object as Column | undefined;
    if (column === undefined) continue;
    const table = objectKey('table', column.schema, column.table);
    // New and re-created tables get their columns in order from CREATE TABLE.
    if (!before.has(table) || !after.has(table) || replaced.has(table)) continue;
    if (!tables.has(table)) tables.set(table, column);
  }
  const out: ColumnOrder = { chains: [], unreached: [] };
  for (const [table, { schema, table: name }] of tables) {
    const kept = before
      .columnsOf(schema, name)
      .filter((c) => after.has(c.key) && !removed.has(c.key) && !replaced.has(c.key));
    const target = after.columnsOf(schema, name);
    const appended = target.filter((c) => added.has(c.key) || replaced.has(c.key));
    for (let i = 1; i < appended.length; i++)
      out.chains.push([(appended[i] as Column).key, (appended[i - 1] as Column).key]);
    const reached = [...kept, ...appended].map((c) => c.name);
    const wanted = target.map((c) => c.name);
    if (reached.length === wanted.length && reached.every((n, i) => n === wanted[i])) continue;
    const list = (names: string[]) => names.map((n) => quoteIdent(n)).join(', ');
    out.unreached.push([
      table,
      `-- ${tableOf({ schema, table: name })}: after this plan its columns are (${list(reached)}), the target has (${list(wanted)}); pum adds columns at the end and does not reorder them`,
    ]);
  }
  return out;
}
