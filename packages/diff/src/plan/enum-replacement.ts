/**
 * An enum whose values are removed or reordered, rebuilt in place while columns use it: the old
 * type is renamed, the new one created, the columns retyped through `text`, the old type dropped.
 * What else uses the type (functions, views, defaults, constraints, indexes) is dropped before
 * and created again after, as for a replacement (recreate-dependents.ts); a composite type no
 * column uses follows by `ALTER ATTRIBUTE … TYPE`. A type used by a domain, a partition key, a
 * generated column's source, a foreign table or anything else that cannot be recreated is left
 * to the replacement path, which reports it.
 */
import { qualifiedName, quoteIdent, quoteLiteral } from '@pum/core';
import { type Column, objectKey, type Table, type TypeObject } from '@pum/introspect';
import { decorationStatements } from './object-statements.js';
import type { Draft, PlanContext, PlanSide } from './plan-context.js';
import { nameOf, tableOf } from './sql-names.js';
import { RECREATABLE } from './statements.js';

/** The enum (`type:` key) a column's type is, or is an array of, on `side`; `undefined` otherwise. */
function enumOf(side: PlanSide, column: Column): string | undefined {
  return side
    .dependenciesOf(column.key)
    .find((key) => (side.lookup(key)?.object as TypeObject | undefined)?.kind === 'enum');
}

/**
 * The `USING` of a column type change from an enum (or an array of one) to an enum: through
 * `text`, as there is no cast between two enum types. `null` for any other type change.
 */
export function enumUsing(from: Column, to: Column, ctx: PlanContext): string | null {
  if (enumOf(ctx.from, from) === undefined || enumOf(ctx.to, to) === undefined) return null;
  const array = from.type.endsWith('[]');
  if (array !== to.type.endsWith('[]')) return null;
  return ` USING ${quoteIdent(to.name)}::text${array ? '[]' : ''}::${to.type}`;
}

/**
 * Whether an object the plan creates or changes names a value `to` adds to `from`: a value added
 * by `ALTER TYPE … ADD VALUE` cannot be used before its transaction commits (`psql -1`, pum's own
 * transaction), so the type is then rebuilt instead.
 */
export function usesAddedValues(from: TypeObject, to: TypeObject, ctx: PlanContext): boolean {
  const added = (to.labels ?? []).filter((l) => !from.labels?.includes(l)).map((l) => quoteLiteral(l));
  if (added.length === 0) return false;
  for (const dependent of ctx.to.dependentsOf(to.key)) {
    const key = dependent.startsWith('default:') ? `column:${dependent.slice('default:'.length)}` : dependent;
    const text = JSON.stringify(ctx.to.lookup(key)?.object ?? null);
    if (text === JSON.stringify(ctx.from.lookup(key)?.object ?? null)) continue;
    if (added.some((label) => text.includes(label))) return true;
  }
  return false;
}

/** The tables `column`'s table inherits from or is a partition of, on `side`. */
function parentsOf(side: PlanSide, column: Column): Table[] {
  const table = side.lookup(objectKey('table', column.schema, column.table))?.object as Table | undefined;
  const parents = [...(table?.partitionOf ? [table.partitionOf] : []), ...(table?.inherits ?? [])];
  return parents.flatMap((p) => {
    const parent = side.lookup(objectKey('table', p.schema, p.name))?.object as Table | undefined;
    return parent === undefined ? [] : [parent];
  });
}

/** The parents of `column`'s table that have a column of its name. */
function inheritedFrom(side: PlanSide, column: Column): Table[] {
  return parentsOf(side, column).filter((p) => side.has(objectKey('column', p.schema, p.name, column.name)));
}

/**
 * Whether `column` may be (or inherit) a partition key column, whose type cannot change: its
 * name is in its table's or a parent's `PARTITION BY` (erring on the side of a person).
 */
function partitionsBy(side: PlanSide, column: Column): boolean {
  const table = side.lookup(objectKey('table', column.schema, column.table))?.object as Table | undefined;
  const tables = table === undefined ? [] : [table, ...parentsOf(side, column)];
  return tables.some((t) => t.partitionKey?.includes(column.name));
}

/**
 * Whether a generated column of `column`'s table may use it (its name is in the expression):
 * the server refuses to retype a column a generated column uses.
 */
function generatedFrom(side: PlanSide, column: Column): boolean {
  return side
    .columnsOf(column.schema, column.table)
    .some((c) => c.generated?.expression.includes(column.name) === true);
}

/**
 * Whether a composite type with an attribute of the enum can follow it by `ALTER ATTRIBUTE …
 * TYPE`: it is the same on both sides and no column or type uses it (its rows hold no data).
 */
function retypableComposite(type: TypeObject, ctx: PlanContext): boolean {
  if (type.attributes === null) return false;
  if (JSON.stringify(ctx.to.lookup(type.key)?.object ?? null) !== JSON.stringify(type)) return false;
  return ctx.from.dependentsOf(type.key).every((key) => {
    const kind = ctx.from.lookup(key)?.kind;
    return kind !== undefined && RECREATABLE.has(kind);
  });
}

/** A name for the old type while the new one is built, free on both sides. */
function oldName(type: TypeObject, ctx: PlanContext): string {
  for (let n = 0; ; n++) {
    const suffix = `_pum_old${n === 0 ? '' : n}`;
    const name = `${type.name.slice(0, 63 - suffix.length)}${suffix}`;
    const key = objectKey('type', type.schema, name);
    if (!ctx.from.has(key) && !ctx.to.has(key)) return name;
  }
}

/**
 * The steps that rebuild enum `from` as `to` (`create`: its `CREATE TYPE`), or `null` when
 * nothing uses it (a plain drop and create does) or something uses it that a rebuild cannot
 * carry over (a domain, a composite type, a foreign table's column).
 */
export function enumReplacement(
  from: TypeObject,
  to: TypeObject,
  create: Draft[],
  ctx: PlanContext,
): Draft[] | null {
  const dependents = ctx.from.dependentsOf(from.key);
  if (dependents.length === 0) return null;
  const columns: Column[] = [];
  const viewColumns: string[] = [];
  const composites: TypeObject[] = [];
  for (const key of dependents) {
    const entry = ctx.from.lookup(key);
    if (entry === undefined) continue; // a column default: recreated like any dependent
    if (entry.kind === 'columns') {
      const column = entry.object as Column;
      const table = ctx.from.lookup(objectKey('table', column.schema, column.table))?.object as
        | Table
        | undefined;
      if (table?.kind === 'foreign' || partitionsBy(ctx.from, column) || generatedFrom(ctx.from, column))
        return null;
      // A view's column goes with its view, which uses the type or a column retyped here.
      if (table === undefined) viewColumns.push(column.key);
      else columns.push(column);
    } else if (entry.kind === 'types' && retypableComposite(entry.object as TypeObject, ctx)) {
      composites.push(entry.object as TypeObject);
    } else if (!RECREATABLE.has(entry.kind)) return null;
  }
  const name = nameOf(from);
  const old = oldName(from, ctx);
  const out: Draft[] = [{ sql: `ALTER TYPE ${name} RENAME TO ${quoteIdent(old)};` }, ...create];
  for (const sql of decorationStatements('types', to, undefined, ctx.options, ctx.to.snapshot))
    out.push({ sql });
  const waitFor: string[] = [from.key];
  for (const column of columns) {
    const tableKey = objectKey('table', column.schema, column.table);
    const target = ctx.to.lookup(column.key)?.object as Column | undefined;
    waitFor.push(column.key, tableKey);
    // A column that leaves the type, or goes, does so by its own steps (on the renamed type).
    if (target === undefined || target.type !== column.type || enumOf(ctx.to, target) !== to.key) continue;
    // Views and triggers on the column are recreated; indexes and plain constraints the server
    // rebuilds; defaults and whatever names the type itself are recreated with the type's users.
    ctx.reshaped(column.key);
    // An inherited column (a partition's too) is retyped with its parent's: what is created on
    // its table follows the parent's step.
    const parents = inheritedFrom(ctx.from, column);
    if (parents.length > 0) {
      out.push({
        sql: `-- ${tableOf(column)}.${quoteIdent(column.name)} is retyped with ${parents.map((p) => nameOf(p)).join(', ')}`,
        node: tableKey,
        after: parents.map((p) => p.key),
      });
      continue;
    }
    const array = target.type.endsWith('[]') ? '[]' : '';
    const columnName = quoteIdent(column.name);
    out.push({
      sql: `ALTER TABLE ${tableOf(column)} ALTER COLUMN ${columnName} TYPE ${target.type} USING ${columnName}::text${array}::${target.type};`,
      hazards: ['table-rewrite', 'access-exclusive-lock'],
      // Under the table: what is created on it (constraints, indexes, views, defaults) follows.
      node: tableKey,
      after: [from.key],
    });
  }
  for (const composite of composites) {
    waitFor.push(composite.key);
    // `format_type`'s spelling of the enum, as attribute types are read.
    const spelled = [to.schema, to.name]
      .map((n) => (/^[a-z_][a-z0-9_$]*$/.test(n) ? n : quoteIdent(n)))
      .join('.');
    for (const attribute of composite.attributes ?? []) {
      if (attribute.type !== spelled && attribute.type !== `${spelled}[]`) continue;
      out.push({
        sql: `ALTER TYPE ${nameOf(composite)} ALTER ATTRIBUTE ${quoteIdent(attribute.name)} TYPE ${attribute.type};`,
        node: composite.key,
        after: [from.key],
      });
    }
  }
  ctx.rebuilt(from.key, [...columns.map((c) => c.key), ...viewColumns, ...composites.map((c) => c.key)]);
  out.push({ sql: `DROP TYPE ${qualifiedName(from.schema, old)};`, node: `${from.key}#old`, after: waitFor });
  return out;
}
