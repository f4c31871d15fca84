/**
 * Views and materialized views. A view whose new query keeps its old columns (same names and
 * types, new ones only at the end) is replaced in place with `CREATE OR REPLACE VIEW`; any
 * other change drops and creates it, with everything that depends on it.
 */

import { quoteIdent } from '@pum/core';
import type { Column, MaterializedView, View } from '@pum/introspect';
import { type Draft, type KindStatements, type PlanContext, REPLACE } from '../plan-context.js';
import { nameOf, withoutSemicolon } from '../sql-names.js';

function viewSql(view: View, orReplace: boolean): string {
  const options = view.options.filter((o) => !o.startsWith('check_option='));
  const withOptions = options.length > 0 ? ` WITH (${options.join(', ')})` : '';
  const check = view.checkOption !== null ? ` WITH ${view.checkOption.toUpperCase()} CHECK OPTION` : '';
  return `CREATE ${orReplace ? 'OR REPLACE ' : ''}VIEW ${nameOf(view)}${withOptions} AS\n${withoutSemicolon(view.definition)}${check};`;
}

/** Defaults set on view columns (`ALTER VIEW … ALTER COLUMN … SET DEFAULT`). */
function columnDefaults(columns: readonly Column[], view: { schema: string; name: string }): Draft[] {
  return columns
    .filter((c) => c.default !== null)
    .map((c) => ({
      sql: `ALTER VIEW ${nameOf(view)} ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default};`,
    }));
}

/** True when `after`'s columns start with `before`'s, same names and types. */
function keepsColumns(before: readonly Column[], after: readonly Column[]): boolean {
  return (
    before.length <= after.length &&
    before.every(
      (c, i) => after[i]?.name === c.name && after[i]?.type === c.type && after[i]?.collation === c.collation,
    )
  );
}

/** Views. */
export const viewStatements: KindStatements<View> = {
  create(view, ctx) {
    return [{ sql: viewSql(view, false) }, ...columnDefaults(ctx.to.columnsOf(view.schema, view.name), view)];
  },
  drop(view) {
    return [{ sql: `DROP VIEW ${nameOf(view)};` }];
  },
  alter(from, to, _fields, ctx: PlanContext) {
    const before = ctx.from.columnsOf(from.schema, from.name);
    const after = ctx.to.columnsOf(to.schema, to.name);
    if (!keepsColumns(before, after)) return REPLACE;
    const out: Draft[] = [{ sql: viewSql(to, true) }];
    // Options a CREATE OR REPLACE does not clear.
    const removed = from.options
      .map((o) => o.split('=')[0] ?? '')
      .filter((name) => !to.options.some((o) => o.startsWith(`${name}=`)));
    if (removed.length > 0) out.push({ sql: `ALTER VIEW ${nameOf(to)} RESET (${removed.join(', ')});` });
    return out;
  },
};

/** Materialized views: any change drops and creates them (and fills them again). */
export const materializedViewStatements: KindStatements<MaterializedView> = {
  create(view) {
    const withOptions = view.options.length > 0 ? ` WITH (${view.options.join(', ')})` : '';
    const tablespace = view.tablespace !== null ? ` TABLESPACE ${quoteIdent(view.tablespace)}` : '';
    return [
      {
        sql: `CREATE MATERIALIZED VIEW ${nameOf(view)}${withOptions}${tablespace} AS\n${withoutSemicolon(view.definition)};`,
      },
    ];
  },
  drop(view) {
    return [{ sql: `DROP MATERIALIZED VIEW ${nameOf(view)};` }];
  },
  alter() {
    return REPLACE;
  },
};
