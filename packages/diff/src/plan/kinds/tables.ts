/**
 * Tables: `CREATE TABLE` with every column (constraints come later, as their own steps, so
 * foreign-key cycles need nothing special), `DROP TABLE`, and the table-level `ALTER TABLE`
 * forms.
 */
import { qualifiedName, quoteIdent } from '@pum/core';
import { objectKey, type Table } from '@pum/introspect';
import { partitionNotNulls } from '../partitions.js';
import { type Draft, type KindStatements, type PlanContext, REPLACE } from '../plan-context.js';
import { nameOf } from '../sql-names.js';
import { columnDefinition, columnStorageStatements } from './columns.js';
import { alterOptions, createOptions } from './generic-options.js';
import { replicaIdentityIndex } from './indexes.js';

const qualified = (q: { schema: string; name: string }) => qualifiedName(q.schema, q.name);

/** `key=value` options as `WITH (…)` and `OPTIONS (…)` lists take them. */
function storageOptions(options: readonly string[]): string {
  return options.join(', ');
}

/** Tables: ordinary, partitioned, partitions, inheritance children, foreign. */
export const tableStatements: KindStatements<Table> = {
  create(table, ctx: PlanContext) {
    const name = nameOf(table);
    const columns = ctx.to.columnsOf(table.schema, table.name);
    const unlogged = table.persistence === 'unlogged' ? 'UNLOGGED ' : '';
    const foreign = table.kind === 'foreign' ? 'FOREIGN ' : '';
    let sql: string;
    if (table.partitionOf !== null) {
      // A partition takes its columns from its parent; only its own defaults and NOT NULLs differ.
      sql = `CREATE ${unlogged}${foreign}TABLE ${name} PARTITION OF ${qualified(table.partitionOf)} ${table.partitionBound ?? 'DEFAULT'}`;
    } else {
      const body = columns.map((c) => `  ${columnDefinition(c)}`).join(',\n');
      sql = `CREATE ${unlogged}${foreign}TABLE ${name} (\n${body}\n)`;
      if (table.inherits.length > 0) sql += ` INHERITS (${table.inherits.map(qualified).join(', ')})`;
    }
    if (table.partitionKey !== null) sql += ` PARTITION BY ${table.partitionKey}`;
    if (table.foreign !== null) {
      sql += ` SERVER ${quoteIdent(table.foreign.server)}${createOptions(table.foreign.options).sql}`;
    }
    if (table.options.length > 0) sql += ` WITH (${storageOptions(table.options)})`;
    if (table.tablespace !== null) sql += ` TABLESPACE ${quoteIdent(table.tablespace)}`;
    const parents = [...(table.partitionOf ? [table.partitionOf] : []), ...table.inherits];
    const after = parents.map((p) => objectKey('table', p.schema, p.name));
    if (table.foreign !== null) after.push(objectKey('foreign_server', table.foreign.server));
    const drafts: Draft[] = [after.length > 0 ? { sql: `${sql};`, after } : { sql: `${sql};` }];
    for (const column of columns)
      drafts.push(...columnStorageStatements(column, table.kind === 'foreign').map((s) => ({ sql: s })));
    if (table.partitionOf !== null) {
      for (const column of columns) {
        if (column.default !== null)
          drafts.push({
            sql: `ALTER ${foreign}TABLE ${name} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT ${column.default};`,
          });
      }
      drafts.push(...partitionNotNulls(table, columns, ctx.to));
    }
    drafts.push(...tableFlags(table, undefined, ctx));
    return drafts;
  },

  drop(table) {
    // A foreign table holds no rows of its own: dropping it loses only its definition.
    if (table.kind === 'foreign') return [{ sql: `DROP FOREIGN TABLE ${nameOf(table)};` }];
    return [{ sql: `DROP TABLE ${nameOf(table)};`, hazards: ['data-loss', 'access-exclusive-lock'] }];
  },

  alter(from, to, fields, ctx) {
    if (fields.has('kind') || fields.has('partitionKey')) return REPLACE;
    // ALTER FOREIGN TABLE cannot move a table to another server.
    if (fields.has('foreign') && from.foreign?.server !== to.foreign?.server) return REPLACE;
    const alter = `ALTER ${to.kind === 'foreign' ? 'FOREIGN ' : ''}TABLE ${nameOf(to)}`;
    const out: Draft[] = [];
    if (fields.has('persistence')) {
      out.push({
        sql: `${alter} SET ${to.persistence === 'unlogged' ? 'UNLOGGED' : 'LOGGED'};`,
        hazards: ['table-rewrite', 'access-exclusive-lock'],
      });
    }
    if (fields.has('options')) {
      const removed = from.options.filter((o) => !to.options.includes(o)).map((o) => o.split('=')[0]);
      const stillSet = new Set(to.options.map((o) => o.split('=')[0]));
      const reset = removed.filter((o) => !stillSet.has(o));
      if (reset.length > 0) out.push({ sql: `${alter} RESET (${reset.join(', ')});` });
      const set = to.options.filter((o) => !from.options.includes(o));
      if (set.length > 0) out.push({ sql: `${alter} SET (${storageOptions(set)});` });
    }
    if (fields.has('accessMethod') && to.accessMethod !== null) {
      out.push({
        sql: `${alter} SET ACCESS METHOD ${quoteIdent(to.accessMethod)};`,
        hazards: ['table-rewrite', 'access-exclusive-lock'],
      });
    }
    if (fields.has('tablespace')) {
      out.push({
        sql: `${alter} SET TABLESPACE ${quoteIdent(to.tablespace ?? 'pg_default')};`,
        hazards: ['table-rewrite', 'access-exclusive-lock'],
      });
    }
    if (fields.has('partitionOf') || fields.has('partitionBound')) {
      if (from.partitionOf !== null)
        out.push({ sql: `ALTER TABLE ${qualified(from.partitionOf)} DETACH PARTITION ${nameOf(to)};` });
      if (to.partitionOf !== null)
        out.push({
          sql: `ALTER TABLE ${qualified(to.partitionOf)} ATTACH PARTITION ${nameOf(to)} ${to.partitionBound ?? 'DEFAULT'};`,
          hazards: ['access-exclusive-lock'],
          after: [objectKey('table', to.partitionOf.schema, to.partitionOf.name)],
        });
    }
    if (fields.has('inherits')) {
      const key = (q: { schema: string; name: string }) => `${q.schema}.${q.name}`;
      for (const p of from.inherits)
        if (!to.inherits.some((q) => key(q) === key(p)))
          out.push({ sql: `${alter} NO INHERIT ${qualified(p)};` });
      for (const p of to.inherits)
        if (!from.inherits.some((q) => key(q) === key(p)))
          out.push({ sql: `${alter} INHERIT ${qualified(p)};` });
    }
    if (fields.has('foreign') && to.foreign !== null) {
      const options = alterOptions(from.foreign?.options ?? [], to.foreign.options);
      if (options.sql !== '') out.push({ sql: `${alter}${options.sql};` });
    }
    out.push(...tableFlags(to, from, ctx));
    return out;
  },
};

/** Row security and replica identity, set after the table exists (a foreign table has neither). */
function tableFlags(to: Table, from: Table | undefined, ctx: PlanContext): Draft[] {
  if (to.kind === 'foreign') return [];
  const alter = `ALTER TABLE ${nameOf(to)}`;
  const out: Draft[] = [];
  if (to.rowSecurity !== (from?.rowSecurity ?? false))
    out.push({ sql: `${alter} ${to.rowSecurity ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY;` });
  if (to.forceRowSecurity !== (from?.forceRowSecurity ?? false))
    out.push({ sql: `${alter} ${to.forceRowSecurity ? '' : 'NO '}FORCE ROW LEVEL SECURITY;` });
  if (to.replicaIdentity !== (from?.replicaIdentity ?? 'default')) {
    if (to.replicaIdentity === 'index') {
      // The index's own step sets it (indexes.ts); without one (dropped since), it is by hand.
      if (replicaIdentityIndex(ctx, to.schema, to.name) === undefined)
        out.push({ sql: `-- ${nameOf(to)}: set REPLICA IDENTITY USING INDEX by hand`, hazards: ['manual'] });
    } else {
      out.push({ sql: `${alter} REPLICA IDENTITY ${to.replicaIdentity.toUpperCase()};` });
    }
  }
  return out;
}
