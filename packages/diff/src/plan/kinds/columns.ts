/**
 * Columns: their definition in `CREATE TABLE`, `ADD COLUMN`, and the `ALTER COLUMN` forms for
 * each attribute. A type change rewrites the table and may refuse or lose data; PostGIS
 * geometry changes get a `USING` that converts (`ST_Multi`, `ST_Transform`).
 */
import { quoteIdent } from '@pum/core';
import { type Column, objectKey, type Table } from '@pum/introspect';
import { enumUsing } from '../enum-replacement.js';
import type { Hazard } from '../migration-plan.js';
import {
  afterParentColumn,
  followsParent,
  keptPartitionNotNulls,
  partitionIdentity,
  partitionParentColumn,
} from '../partitions.js';
import {
  type Draft,
  type KindStatements,
  type PlanContext,
  type PlanSide,
  REPLACE,
} from '../plan-context.js';
import {
  identitySequence,
  moveCurrentValue,
  rangeNarrows,
  rangeUnion,
  sequenceTypeNarrows,
} from '../sequence-range.js';
import { tableOf } from '../sql-names.js';
import { alterOptions, createOptions } from './generic-options.js';

type Identity = NonNullable<Column['identity']>;

/** `START WITH … INCREMENT BY … MINVALUE … MAXVALUE … CACHE … [NO] CYCLE` */
export function sequenceOptions(o: Omit<Identity, 'generation'>): string {
  return `START WITH ${o.start} INCREMENT BY ${o.increment} MINVALUE ${o.min} MAXVALUE ${o.max} CACHE ${o.cache} ${o.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

/** The column's definition as `CREATE TABLE` and `ADD COLUMN` write it. */
export function columnDefinition(column: Column): string {
  const parts = [quoteIdent(column.name), column.type];
  // A foreign table column's options come right after its type.
  const options = createOptions(column.foreignOptions ?? []).sql;
  if (options !== '') parts.push(options.trimStart());
  if (column.collation !== null) parts.push(`COLLATE ${column.collation}`);
  if (column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) STORED`);
  if (column.identity !== null) {
    parts.push(
      `GENERATED ${column.identity.generation.toUpperCase()} AS IDENTITY (${sequenceOptions(column.identity)})`,
    );
  }
  if (column.default !== null) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}

const parentsBySnapshot = new WeakMap<object, Set<string>>();

/** Whether the column's table has inheritance children (not partitions) on `side`. */
function hasInheritanceChildren(side: PlanSide, column: Column): boolean {
  let parents = parentsBySnapshot.get(side.snapshot);
  if (parents === undefined) {
    parents = new Set();
    for (const table of side.objectsOf(['tables']) as Iterable<Table>)
      for (const p of table.inherits) parents.add(objectKey('table', p.schema, p.name));
    parentsBySnapshot.set(side.snapshot, parents);
  }
  return parents.has(objectKey('table', column.schema, column.table));
}

/**
 * The parent column a new column of an inheritance child comes with: the parent (a child of it
 * on both sides) adds a column of that name in the same plan, and `ADD COLUMN` on the parent
 * adds it to its children (another `ADD COLUMN` on the child would fail).
 */
function inheritedFrom(column: Column, ctx: PlanContext): Column | undefined {
  const tableKey = objectKey('table', column.schema, column.table);
  const before = ctx.from.lookup(tableKey)?.object as Table | undefined;
  const after = ctx.to.lookup(tableKey)?.object as Table | undefined;
  // A partition's columns come from its parent too (and the parent's from its own).
  const parents = [...(after?.partitionOf ? [after.partitionOf] : []), ...(after?.inherits ?? [])];
  const same = (
    p: { schema: string; name: string },
    q: { schema: string; name: string } | null | undefined,
  ) => q != null && p.schema === q.schema && p.name === q.name;
  for (const parent of parents) {
    const key = objectKey('column', parent.schema, parent.name, column.name);
    const stays = before?.inherits.some((p) => same(parent, p)) || same(parent, before?.partitionOf);
    if (stays && ctx.from.has(objectKey('table', parent.schema, parent.name)) && !ctx.from.has(key)) {
      const found = ctx.to.lookup(key)?.object as Column | undefined;
      if (found !== undefined) return inheritedFrom(found, ctx) ?? found;
    }
  }
  return undefined;
}

/** What the child's column has that the parent's `ADD COLUMN` does not give it. */
function inheritedColumn(column: Column, parent: Column, ctx: PlanContext): Draft[] {
  const alter = `ALTER TABLE ONLY ${tableOf(column)} ALTER COLUMN ${quoteIdent(column.name)}`;
  // A partition's NOT NULL reaches its own partitions (the server refuses ONLY there).
  const notNull = partitionParentColumn(column, ctx.to) ? alter.replace(' ONLY ', ' ') : alter;
  const out: Draft[] = [
    {
      sql: `-- ${tableOf(column)}.${quoteIdent(column.name)} comes from ${tableOf(parent)}`,
      after: [parent.key],
    },
  ];
  if (column.default !== parent.default)
    out.push({
      sql: column.default === null ? `${alter} DROP DEFAULT;` : `${alter} SET DEFAULT ${column.default};`,
      after: [parent.key],
    });
  if (column.notNull && !parent.notNull) out.push({ sql: `${notNull} SET NOT NULL;`, after: [parent.key] });
  out.push(...columnStorageStatements(column).map((sql) => ({ sql, after: [parent.key] })));
  return out;
}

/** Whether the column belongs to a partitioned table on `side`. */
function partitionedTable(column: Column, side: PlanSide): boolean {
  const table = side.lookup(objectKey('table', column.schema, column.table))?.object as Table | undefined;
  return table?.kind === 'partitioned';
}

/** Whether the column belongs to a foreign table on `side`. */
function onForeignTable(column: Column, side: PlanSide): boolean {
  const table = side.lookup(objectKey('table', column.schema, column.table))?.object as Table | undefined;
  return table?.kind === 'foreign';
}

/** `ALTER TABLE "s"."t"`, or `ALTER FOREIGN TABLE` for a column of a foreign table. */
function alterTable(column: Column, foreign: boolean): string {
  return `ALTER ${foreign ? 'FOREIGN ' : ''}TABLE ${tableOf(column)}`;
}

/** Storage and compression, which `CREATE TABLE` cannot set per column. */
export function columnStorageStatements(column: Column, foreign = false): string[] {
  const alter = `${alterTable(column, foreign)} ALTER COLUMN ${quoteIdent(column.name)}`;
  const out: string[] = [];
  if (column.storage !== null) out.push(`${alter} SET STORAGE ${column.storage.toUpperCase()};`);
  if (column.compression !== null) out.push(`${alter} SET COMPRESSION ${column.compression};`);
  return out;
}

const GEOMETRY = /^((?:"[^"]+"|\w+)\.)?(geometry|geography)\((\w+)(?:,(\d+))?\)$/i;

/** The `USING` expression of a type change: PostGIS geometries are converted, anything else cast. */
function usingExpression(from: Column, to: Column): string {
  // An identity column's wider integer type needs no conversion.
  if (from.identity !== null && widens(from.type, to.type)) return '';
  const name = quoteIdent(to.name);
  const a = GEOMETRY.exec(from.type);
  const b = GEOMETRY.exec(to.type);
  if (a && b && a[2]?.toLowerCase() === 'geometry' && b[2]?.toLowerCase() === 'geometry') {
    // PostGIS functions live where its types do (`gis.geometry` → `gis.ST_Multi`).
    const postgis = b[1] ?? '';
    let expression = name;
    const fromType = a[3]?.toLowerCase() ?? '';
    const toType = b[3]?.toLowerCase() ?? '';
    if (toType.startsWith('multi') && !fromType.startsWith('multi'))
      expression = `${postgis}ST_Multi(${expression})`;
    if (b[4] !== undefined && a[4] !== undefined && a[4] !== b[4] && a[4] !== '0') {
      expression = `${postgis}ST_Transform(${expression}, ${b[4]})`;
    }
    return ` USING ${expression}::${to.type}`;
  }
  return ` USING ${name}::${to.type}`;
}

const SAFE_WIDENINGS: ReadonlyArray<[RegExp, RegExp]> = [
  [/^smallint$/, /^(integer|bigint|numeric|double precision)$/],
  [/^integer$/, /^(bigint|numeric)$/],
  [/^bigint$/, /^numeric$/],
  [/^real$/, /^double precision$/],
  [/^character varying(\(\d+\))?$/, /^text$/],
  [/^character\(\d+\)$/, /^text$/],
  [/^timestamp without time zone$/, /^timestamp with time zone$/],
];

/** True when every value of `from` fits `to` unchanged. */
function widens(from: string, to: string): boolean {
  if (SAFE_WIDENINGS.some(([a, b]) => a.test(from) && b.test(to))) return true;
  const length = (type: string, base: string) => new RegExp(`^${base}\\((\\d+)\\)$`).exec(type)?.[1];
  for (const base of ['character varying', 'bit varying']) {
    const a = length(from, base);
    const b = length(to, base);
    if (a !== undefined && (b !== undefined ? Number(b) >= Number(a) : to === base)) return true;
  }
  const numeric = /^numeric\((\d+),(\d+)\)$/;
  const na = numeric.exec(from);
  const nb = numeric.exec(to);
  if (
    na &&
    (to === 'numeric' ||
      (nb &&
        Number(nb[2]) >= Number(na[2]) &&
        Number(nb[1]) - Number(nb[2]) >= Number(na[1]) - Number(na[2])))
  )
    return true;
  return false;
}

/** Columns of tables (not of views: a view's columns follow its query). */
export const columnStatements: KindStatements<Column> = {
  create(column, ctx: PlanContext) {
    const inherited = inheritedFrom(column, ctx);
    if (inherited !== undefined) return inheritedColumn(column, inherited, ctx);
    const foreign = onForeignTable(column, ctx.to);
    // A volatile default, an identity or a generated column fills every existing row.
    const fills =
      !foreign && (column.identity !== null || column.generated !== null || /\(/.test(column.default ?? ''));
    return [
      {
        sql: `${alterTable(column, foreign)} ADD COLUMN ${columnDefinition(column)};`,
        hazards: fills ? ['table-rewrite', 'access-exclusive-lock'] : [],
      },
      ...columnStorageStatements(column, foreign).map((sql) => ({ sql, action: 'alter' as const })),
    ];
  },

  drop(column, ctx: PlanContext) {
    // A foreign table's column holds no rows here.
    if (onForeignTable(column, ctx.from))
      return [{ sql: `${alterTable(column, true)} DROP COLUMN ${quoteIdent(column.name)};` }];
    // A partition's column goes with its parent's.
    const parent = followsParent(column, ctx) ? partitionParentColumn(column, ctx.from) : undefined;
    if (parent !== undefined && !ctx.to.has(parent.key)) return [];
    // ONLY: an inheritance child keeps its column, now its own (it drops it itself if it goes).
    const only = hasInheritanceChildren(ctx.from, column) ? 'ONLY ' : '';
    return [
      {
        sql: `ALTER TABLE ${only}${tableOf(column)} DROP COLUMN ${quoteIdent(column.name)};`,
        hazards: ['data-loss', 'access-exclusive-lock'],
      },
    ];
  },

  alter(from, to, fields, ctx: PlanContext) {
    if (
      fields.has('generated') ||
      (fields.has('identity') && (from.identity === null) !== (to.identity === null) && to.generated !== null)
    ) {
      return REPLACE;
    }
    const foreign = onForeignTable(to, ctx.to);
    const alter = `${alterTable(to, foreign)} ALTER COLUMN ${quoteIdent(to.name)}`;
    const out: Draft[] = [];
    // A partition's column takes its parent's type and collation; its own default and NOT NULL
    // are set after the parent's (which reach it too).
    const fromParent = followsParent(to, ctx) && partitionParentColumn(to, ctx.to) !== undefined;
    if (fromParent && (fields.has('type') || fields.has('collation'))) {
      ctx.reshaped(to.key);
      // The parent's type change drops and sets defaults through its partitions: set its own again.
      if (fields.has('type') && to.default !== null && !fields.has('default'))
        out.push({ sql: `${alter} SET DEFAULT ${to.default};` });
    } else if (fields.has('type') || fields.has('collation')) {
      ctx.reshaped(to.key);
      const hazards: Hazard[] = foreign ? [] : ['table-rewrite', 'access-exclusive-lock'];
      if (fields.has('type') && !foreign && !widens(from.type, to.type)) hazards.unshift('data-loss');
      const collate = to.collation !== null ? ` COLLATE ${to.collation}` : '';
      // A foreign table's rows are elsewhere: its column type takes no USING.
      const using =
        fields.has('type') && !foreign ? (enumUsing(from, to, ctx) ?? usingExpression(from, to)) : '';
      // A default that does not fit the new type is dropped first and set again after.
      if (from.default !== null && fields.has('type')) out.push({ sql: `${alter} DROP DEFAULT;` });
      out.push({ sql: `${alter} TYPE ${to.type}${collate}${using};`, hazards });
      if (to.default !== null && fields.has('type')) out.push({ sql: `${alter} SET DEFAULT ${to.default};` });
    }
    if (
      fields.has('default') &&
      (fromParent || !(fields.has('type') && (from.default !== null || to.default !== null)))
    ) {
      // ONLY on a partitioned table: its partitions' defaults are their own.
      const own = partitionedTable(to, ctx.to) ? alter.replace(/^ALTER TABLE /, 'ALTER TABLE ONLY ') : alter;
      out.push({
        sql: to.default === null ? `${own} DROP DEFAULT;` : `${own} SET DEFAULT ${to.default};`,
      });
    }
    // An identity column is NOT NULL until its identity goes.
    const retyped = fields.has('type') && from.identity !== null && to.identity !== null;
    const identity = fromParent
      ? partitionIdentity(to, fields, ctx)
      : fields.has('identity') || retyped
        ? identityChange(alter, from, to, fields.has('type'))
        : [];
    if (to.identity === null) out.push(...identity.splice(0));
    // A narrower type takes the identity's new range first: the old one may not fit it.
    else if (retyped && sequenceTypeNarrows(from.type, to.type)) out.unshift(...identity.splice(0));
    if (fields.has('notNull')) {
      out.push(
        to.notNull
          ? { sql: `${alter} SET NOT NULL;`, hazards: ['access-exclusive-lock'] }
          : { sql: `${alter} DROP NOT NULL;` },
      );
      if (!to.notNull && partitionedTable(to, ctx.to)) out.push(...keptPartitionNotNulls(to, ctx));
    }
    out.push(...identity);
    if (fields.has('storage'))
      out.push({ sql: `${alter} SET STORAGE ${(to.storage ?? typeStorage(to.type)).toUpperCase()};` });
    if (fields.has('foreignOptions')) {
      const options = alterOptions(from.foreignOptions ?? [], to.foreignOptions ?? []);
      if (options.sql !== '') out.push({ sql: `${alter}${options.sql};` });
    }
    if (fields.has('compression'))
      out.push({ sql: `${alter} SET COMPRESSION ${to.compression ?? 'DEFAULT'};` });
    // A column's position is the table's concern (column-order.ts).
    if (fromParent) for (const d of out) d.after = [...(d.after ?? []), ...afterParentColumn(to, ctx.to)];
    return out;
  },
};

const PLAIN_TYPES =
  /^(smallint|integer|bigint|real|double precision|boolean|date|time|timestamp|uuid|oid|"char"|money|interval|point|inet|cidr|macaddr)/;

/** The storage a type's values get by default (what a column goes back to when its own setting is dropped). */
function typeStorage(type: string): string {
  if (/^(numeric|geometry|geography)/.test(type)) return 'main';
  if (PLAIN_TYPES.test(type) && !type.endsWith('[]')) return 'plain';
  return 'extended';
}

/**
 * The identity's change. A narrower range first widens to both ranges and brings the sequence's
 * current value into the new one (`sequence-range.ts`); with a new column type both bounds are
 * set, since the type change moves a bound that was the old type's own.
 */
function identityChange(alter: string, column: Column, target: Column, retyped: boolean): Draft[] {
  const from = column.identity;
  const to = target.identity;
  if (to === null) return [{ sql: `${alter} DROP IDENTITY;` }];
  if (from === null) {
    return [
      { sql: `${alter} ADD GENERATED ${to.generation.toUpperCase()} AS IDENTITY (${sequenceOptions(to)});` },
    ];
  }
  const out: Draft[] = [];
  if (rangeNarrows(from, to)) {
    const [min, max] = rangeUnion(from, to);
    out.push(
      { sql: `${alter} SET MINVALUE ${min} SET MAXVALUE ${max};` },
      { sql: moveCurrentValue(identitySequence(tableOf(target), target.name), to) },
    );
  }
  const sets = [`SET GENERATED ${to.generation.toUpperCase()}`];
  if (from.start !== to.start) sets.push(`SET START WITH ${to.start}`);
  if (from.increment !== to.increment) sets.push(`SET INCREMENT BY ${to.increment}`);
  if (from.min !== to.min || retyped) sets.push(`SET MINVALUE ${to.min}`);
  if (from.max !== to.max || retyped) sets.push(`SET MAXVALUE ${to.max}`);
  if (from.cache !== to.cache) sets.push(`SET CACHE ${to.cache}`);
  if (from.cycle !== to.cycle) sets.push(to.cycle ? 'SET CYCLE' : 'SET NO CYCLE');
  out.push({ sql: `${alter} ${sets.join(' ')};` });
  return out;
}
