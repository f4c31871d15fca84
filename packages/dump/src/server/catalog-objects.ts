/**
 * What a failed restore changed, read from the target itself: the user objects of the
 * database (schemas, relations, functions, types, constraints, triggers, extensions; the
 * members of extensions counted as their extension) before the restore and again after the
 * failure. Whatever the program printed, and whether or not it ran in one transaction, the
 * difference is what the failure left behind — empty exactly when nothing was changed.
 */

import type pg from 'pg';

/** One object of a database, as shown to users: kind `table`, name `app.pipes`. */
export interface CatalogObject {
  readonly kind: string;
  readonly name: string;
}

// Objects pg_dump can create, outside system schemas; members of extensions left out (their
// extension stands for them). Names as format('%I') writes them.
const OBJECTS_SQL = `
with ext_member as (
  select classid, objid from pg_catalog.pg_depend where deptype = 'e'
), user_ns as (
  select oid, nspname from pg_catalog.pg_namespace
   where nspname <> 'information_schema' and nspname !~ '^pg_'
)
select 'schema' as kind, format('%I', n.nspname) as name from user_ns n
 where not exists (select 1 from ext_member e where e.classid = 'pg_namespace'::regclass and e.objid = n.oid)
union all
select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'
                      when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table'
                      when 'c' then 'type' else 'index' end,
       format('%I.%I', n.nspname, c.relname)
  from pg_catalog.pg_class c join user_ns n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'c', 'i', 'I')
   and not exists (select 1 from ext_member e where e.classid = 'pg_class'::regclass and e.objid = c.oid)
   and not exists (select 1 from pg_catalog.pg_index i join ext_member e
                     on e.classid = 'pg_class'::regclass and e.objid = i.indrelid where i.indexrelid = c.oid)
union all
select case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
       format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid))
  from pg_catalog.pg_proc p join user_ns n on n.oid = p.pronamespace
 where not exists (select 1 from ext_member e where e.classid = 'pg_proc'::regclass and e.objid = p.oid)
union all
select 'type', format('%I.%I', n.nspname, t.typname)
  from pg_catalog.pg_type t join user_ns n on n.oid = t.typnamespace
 where t.typtype in ('d', 'e', 'r', 'b') and t.typrelid = 0
   and not exists (select 1 from pg_catalog.pg_type a where a.typarray = t.oid)
   and not exists (select 1 from ext_member e where e.classid = 'pg_type'::regclass and e.objid = t.oid)
union all
select 'constraint', format('%I on %I.%I', k.conname, n.nspname, c.relname)
  from pg_catalog.pg_constraint k join pg_catalog.pg_class c on c.oid = k.conrelid
  join user_ns n on n.oid = c.relnamespace
 where not exists (select 1 from ext_member e where e.classid = 'pg_class'::regclass and e.objid = c.oid)
union all
select 'trigger', format('%I on %I.%I', g.tgname, n.nspname, c.relname)
  from pg_catalog.pg_trigger g join pg_catalog.pg_class c on c.oid = g.tgrelid
  join user_ns n on n.oid = c.relnamespace
 where not g.tgisinternal
   and not exists (select 1 from ext_member e where e.classid = 'pg_class'::regclass and e.objid = c.oid)
union all
select 'extension', format('%I', x.extname) from pg_catalog.pg_extension x where x.extname <> 'plpgsql'
`;

/**
 * The user objects of the database `client` is connected to, keyed `kind name`.
 *
 * @example
 * ```ts
 * const before = await readCatalogObjects(client);
 * ```
 */
export async function readCatalogObjects(client: pg.Client): Promise<Map<string, CatalogObject>> {
  const { rows } = await client.query<{ kind: string; name: string }>(OBJECTS_SQL);
  return new Map(rows.map((row) => [`${row.kind} ${row.name}`, { kind: row.kind, name: row.name }]));
}

// Shown one by one up to this many; beyond, counted per kind with a few names.
const ITEMIZED = 30;
const NAMES_PER_KIND = 3;
const KIND_ORDER = [
  'extension',
  'schema',
  'type',
  'function',
  'aggregate',
  'procedure',
  'sequence',
  'table',
  'foreign table',
  'view',
  'materialized view',
  'index',
  'constraint',
  'trigger',
];

/**
 * What changed between two readings, as lines for `PumError.changed`: `created table
 * app.pipes`, `dropped view app.v`, or, when there are many, `created 412 tables (app.a,
 * app.b, app.c, …)`.
 *
 * @example
 * ```ts
 * describeChanges(before, await readCatalogObjects(client)); // ['created schema app', 'created table app.pipes']
 * ```
 */
export function describeChanges(
  before: ReadonlyMap<string, CatalogObject>,
  after: ReadonlyMap<string, CatalogObject>,
): string[] {
  const created = [...after].filter(([key]) => !before.has(key)).map(([, object]) => object);
  const dropped = [...before].filter(([key]) => !after.has(key)).map(([, object]) => object);
  const changes = [
    ...sorted(created).map((object) => ({ verb: 'created', ...object })),
    ...sorted(dropped).map((object) => ({ verb: 'dropped', ...object })),
  ];
  if (changes.length <= ITEMIZED) return changes.map((c) => `${c.verb} ${c.kind} ${c.name}`);
  const groups = new Map<string, string[]>();
  for (const change of changes) {
    const key = `${change.verb}\u0000${change.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), change.name]);
  }
  return [...groups].map(([key, names]) => {
    const [verb, kind] = key.split('\u0000') as [string, string];
    if (names.length === 1) return `${verb} ${kind} ${names[0]}`;
    const shown = names.slice(0, NAMES_PER_KIND).join(', ');
    const more = names.length > NAMES_PER_KIND ? ', …' : '';
    return `${verb} ${names.length} ${plural(kind)} (${shown}${more})`;
  });
}

function sorted(objects: readonly CatalogObject[]): CatalogObject[] {
  const rank = (kind: string) => {
    const at = KIND_ORDER.indexOf(kind);
    return at === -1 ? KIND_ORDER.length : at;
  };
  return [...objects].sort((a, b) => rank(a.kind) - rank(b.kind) || (a.name < b.name ? -1 : 1));
}

function plural(kind: string): string {
  if (kind === 'index') return 'indexes';
  if (kind === 'materialized view') return 'materialized views';
  return `${kind}s`;
}
