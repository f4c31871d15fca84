/**
 * Kinds of user objects the snapshot does not model, counted so they are reported rather
 * than silently dropped. Filters match the modeled kinds: schema filter, extension members
 * left out, built-in objects (OID below 16384) left out for global kinds.
 */
import { type CatalogContext, namespacesCte, notExtensionMember, notInternal } from './context.js';

const FIRST_NORMAL_OID = 16384;

interface Counted {
  kind: string;
  from: string;
  where: string;
}

const IN_SCHEMA: readonly [kind: string, catalog: string, alias: string, nsColumn: string][] = [
  ['operators', 'pg_operator', 'o', 'oprnamespace'],
  ['operator classes', 'pg_opclass', 'o', 'opcnamespace'],
  ['operator families', 'pg_opfamily', 'o', 'opfnamespace'],
  ['conversions', 'pg_conversion', 'o', 'connamespace'],
  ['extended statistics', 'pg_statistic_ext', 'o', 'stxnamespace'],
  ['text search configurations', 'pg_ts_config', 'o', 'cfgnamespace'],
  ['text search dictionaries', 'pg_ts_dict', 'o', 'dictnamespace'],
  ['text search parsers', 'pg_ts_parser', 'o', 'prsnamespace'],
  ['text search templates', 'pg_ts_template', 'o', 'tmplnamespace'],
];

const GLOBAL: readonly [kind: string, catalog: string][] = [
  ['casts', 'pg_cast'],
  ['procedural languages', 'pg_language'],
  ['access methods', 'pg_am'],
  ['transforms', 'pg_transform'],
];

function counted(ctx: CatalogContext): Counted[] {
  return [
    ...IN_SCHEMA.map(([kind, catalog, alias, nsColumn]) => ({
      kind,
      from: `pg_catalog.${catalog} ${alias} JOIN ns ON ns.oid = ${alias}.${nsColumn}`,
      where: notExtensionMember(ctx, catalog, `${alias}.oid`),
    })),
    {
      kind: 'base types',
      from: 'pg_catalog.pg_type o JOIN ns ON ns.oid = o.typnamespace',
      where: `o.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.typarray = o.oid)
      AND ${notExtensionMember(ctx, 'pg_type', 'o.oid')}`,
    },
    ...GLOBAL.map(([kind, catalog]) => ({
      kind,
      from: `pg_catalog.${catalog} o`,
      where: `o.oid >= ${FIRST_NORMAL_OID} AND ${notExtensionMember(ctx, catalog, 'o.oid')} AND ${notInternal(catalog, 'o.oid')}`,
    })),
    { kind: 'large objects', from: 'pg_catalog.pg_largeobject_metadata o', where: 'true' },
    {
      kind: 'subscriptions',
      from: 'pg_catalog.pg_subscription o',
      where: 'o.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())',
    },
  ];
}

/** Count user objects of kinds the snapshot does not model; only non-zero counts are kept. */
export async function readUnmodeledCounts(ctx: CatalogContext): Promise<Record<string, number>> {
  const sql = `WITH ${namespacesCte(ctx)}
${counted(ctx)
  .map((c) => `SELECT '${c.kind}' AS kind, count(*)::int AS n FROM ${c.from} WHERE ${c.where}`)
  .join('\nUNION ALL\n')}`;
  const counts: Record<string, number> = {};
  for await (const batch of ctx.batches<{ kind: string; n: number }>(sql, ctx.filterValues))
    for (const row of batch) {
      if (row.n > 0) counts[row.kind] = row.n;
    }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}
