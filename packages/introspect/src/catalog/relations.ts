/**
 * Relations: tables (ordinary, partitioned, foreign), views, materialized views and
 * sequences, read in one query and split by kind. Columns, constraints and indexes have their
 * own readers.
 */
import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import { type CatalogContext, commentJoin, namespacesCte, notExtensionMember, oidKey } from './context.js';
import { deparsed } from './deparsed.js';
import { type SequenceRow, sequenceOptions } from './sequence-options.js';

const QualifiedNameSchema = z.object({ schema: z.string(), name: z.string() });

/** A schema-qualified object name. */
export type QualifiedName = z.infer<typeof QualifiedNameSchema>;

const relationBase = {
  schema: z.string(),
  name: z.string(),
  owner: z.string(),
  /** Privileges, normalised against `acldefault`. */
  privileges: z.array(GrantSchema),
  comment: z.string().nullable(),
};

/** A table (`pg_class.relkind` `r`, `p` or `f`). */
export const TableSchema = z.object({
  /** `table:<schema>.<name>`. */
  key: z.string(),
  ...relationBase,
  /** `ordinary` (r), `partitioned` (p) or `foreign` (f). */
  kind: z.enum(['ordinary', 'partitioned', 'foreign']),
  /** `permanent` or `unlogged`. */
  persistence: z.enum(['permanent', 'unlogged']),
  /** Storage parameters (`WITH (…)`), sorted. */
  options: z.array(z.string()),
  /** Table access method (`heap`), `null` for partitioned and foreign tables. */
  accessMethod: z.string().nullable(),
  tablespace: z.string().nullable(),
  /** `PARTITION BY` clause of a partitioned table, from `pg_get_partkeydef`. */
  partitionKey: z.string().nullable(),
  /** The partitioned table this one is a partition of. */
  partitionOf: QualifiedNameSchema.nullable(),
  /** The partition bound (`FOR VALUES …` / `DEFAULT`). */
  partitionBound: z.string().nullable(),
  /** Inheritance parents (not partition parents), in `inhseqno` order. */
  inherits: z.array(QualifiedNameSchema),
  /** `ENABLE ROW LEVEL SECURITY`. */
  rowSecurity: z.boolean(),
  /** `FORCE ROW LEVEL SECURITY`. */
  forceRowSecurity: z.boolean(),
  /** `REPLICA IDENTITY`: `default`, `nothing`, `full` or `index`. */
  replicaIdentity: z.enum(['default', 'nothing', 'full', 'index']),
  /** For foreign tables: the server and the table's options, sorted. */
  foreign: z.object({ server: z.string(), options: z.array(z.string()) }).nullable(),
});

/** A table. */
export type Table = z.infer<typeof TableSchema>;

/** A view (`relkind` `v`). */
export const ViewSchema = z.object({
  /** `view:<schema>.<name>`. */
  key: z.string(),
  ...relationBase,
  /** The query, from `pg_get_viewdef`. */
  definition: z.string(),
  /** `security_barrier` option. */
  securityBarrier: z.boolean(),
  /** `security_invoker` option (PostgreSQL 15+; always false before). */
  securityInvoker: z.boolean(),
  /** `WITH [LOCAL|CASCADED] CHECK OPTION`. */
  checkOption: z.enum(['local', 'cascaded']).nullable(),
  /** All view options as written, sorted. */
  options: z.array(z.string()),
});

/** A view. */
export type View = z.infer<typeof ViewSchema>;

/** A materialized view (`relkind` `m`); its indexes are in `indexes`. */
export const MaterializedViewSchema = z.object({
  /** `materialized_view:<schema>.<name>`. */
  key: z.string(),
  ...relationBase,
  definition: z.string(),
  options: z.array(z.string()),
  accessMethod: z.string().nullable(),
  tablespace: z.string().nullable(),
});

/** A materialized view. */
export type MaterializedView = z.infer<typeof MaterializedViewSchema>;

/** A sequence (`relkind` `S`), not an identity column's (those are described on the column). */
export const SequenceSchema = z.object({
  /** `sequence:<schema>.<name>`. */
  key: z.string(),
  ...relationBase,
  persistence: z.enum(['permanent', 'unlogged']),
  /** `smallint`, `integer` or `bigint`. */
  dataType: z.string(),
  /** 64-bit values are kept as decimal strings. */
  start: z.string(),
  increment: z.string(),
  min: z.string(),
  max: z.string(),
  cache: z.string(),
  cycle: z.boolean(),
  /** `OWNED BY` column. */
  ownedBy: z.object({ schema: z.string(), table: z.string(), column: z.string() }).nullable(),
});

/** A sequence. */
export type Sequence = z.infer<typeof SequenceSchema>;

/** The relations of a database, by kind. */
export interface Relations {
  tables: Table[];
  views: View[];
  materializedViews: MaterializedView[];
  sequences: Sequence[];
}

interface Row extends SequenceRow {
  oid: string;
  reltype: string;
  return_rule: string | null;
  relkind: 'r' | 'p' | 'f' | 'v' | 'm' | 'S';
  nspname: string;
  relname: string;
  owner: string;
  acl: string[] | null;
  description: string | null;
  relpersistence: string;
  reloptions: string[] | null;
  amname: string | null;
  spcname: string | null;
  partition_key: string | null;
  partition_of: [string, string] | null;
  partition_bound: string | null;
  parents: [string, string][] | null;
  relrowsecurity: boolean;
  relforcerowsecurity: boolean;
  relreplident: string;
  foreign_server: string | null;
  foreign_options: string[] | null;
  seq_type: string | null;
  owned_by: [string, string, string] | null;
}

const REPLICA_IDENTITY = { d: 'default', n: 'nothing', f: 'full', i: 'index' } as const;

const sorted = (values: string[] | null): string[] => (values ?? []).slice().sort();

function option(options: readonly string[], name: string): string | undefined {
  const prefix = `${name}=`;
  return options.find((o) => o.startsWith(prefix))?.slice(prefix.length);
}

function sql(ctx: CatalogContext): string {
  return `WITH ${namespacesCte(ctx)}
SELECT c.oid::text, c.reltype::text, c.relkind, ns.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
  coalesce(c.relacl, pg_catalog.acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))::text[] AS acl,
  d.description, c.relpersistence, c.reloptions, am.amname, ts.spcname,
  CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
  CASE WHEN c.relispartition THEN (
    SELECT json_build_array(pn.nspname, p.relname) FROM pg_catalog.pg_inherits i
    JOIN pg_catalog.pg_class p ON p.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
    WHERE i.inhrelid = c.oid) END AS partition_of,
  CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
  CASE WHEN NOT c.relispartition AND c.relkind IN ('r', 'p', 'f') THEN (
    SELECT json_agg(json_build_array(pn.nspname, p.relname) ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i
    JOIN pg_catalog.pg_class p ON p.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
    WHERE i.inhrelid = c.oid) END AS parents,
  c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
  fs.srvname AS foreign_server, ft.ftoptions AS foreign_options,
  CASE WHEN c.relkind IN ('v', 'm') THEN (SELECT rw.oid::text FROM pg_catalog.pg_rewrite rw
    WHERE rw.ev_class = c.oid AND rw.rulename = '_RETURN') END AS return_rule,
  pg_catalog.format_type(s.seqtypid, NULL) AS seq_type, s.seqstart::text, s.seqincrement::text,
  s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle,
  (SELECT json_build_array(tn.nspname, t.relname, a.attname) FROM pg_catalog.pg_depend dep
    JOIN pg_catalog.pg_class t ON t.oid = dep.refobjid JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
    JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = dep.refobjsubid
    WHERE c.relkind = 'S' AND dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid
      AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.deptype = 'a' AND dep.refobjsubid > 0
    LIMIT 1) AS owned_by
FROM pg_catalog.pg_class c
JOIN ns ON ns.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace
LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_catalog.pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
${commentJoin('d', 'pg_class', 'c.oid')}
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
  AND ${notExtensionMember(ctx, 'pg_class', 'c.oid')}
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend dep
    WHERE c.relkind = 'S' AND dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid AND dep.deptype = 'i')`;
}

/** Note the key of a relation under its OID; returns the key. */
function remember(ctx: CatalogContext, r: Row, kind: string): string {
  const key = objectKey(kind, r.nspname, r.relname);
  ctx.keysByOid.set(oidKey('class', r.oid), key);
  return key;
}

/** Read tables, views, materialized views and sequences. */
export async function readRelations(ctx: CatalogContext): Promise<Relations> {
  const out: Relations = { tables: [], views: [], materializedViews: [], sequences: [] };
  // The queries of views and materialized views, printed once the relations are read.
  const queries = new Map<string, { definition: string }>();
  for await (const batch of ctx.batches<Row>(sql(ctx), ctx.filterValues))
    for (const r of batch) {
      const base = {
        schema: r.nspname,
        name: r.relname,
        owner: r.owner,
        privileges: parseAcl(r.acl),
        comment: r.description,
      };
      const options = sorted(r.reloptions);
      const persistence = r.relpersistence === 'u' ? 'unlogged' : 'permanent';
      switch (r.relkind) {
        case 'r':
        case 'p':
        case 'f':
          // A table's row type stands for the table.
          ctx.keysByOid.set(oidKey('type', r.reltype), remember(ctx, r, 'table'));
          out.tables.push({
            key: objectKey('table', r.nspname, r.relname),
            ...base,
            kind: r.relkind === 'r' ? 'ordinary' : r.relkind === 'p' ? 'partitioned' : 'foreign',
            persistence,
            options,
            accessMethod: r.amname,
            tablespace: r.spcname,
            partitionKey: r.partition_key,
            partitionOf: r.partition_of ? { schema: r.partition_of[0], name: r.partition_of[1] } : null,
            partitionBound: r.partition_bound,
            inherits: (r.parents ?? []).map(([schema, name]) => ({ schema, name })),
            rowSecurity: r.relrowsecurity,
            forceRowSecurity: r.relforcerowsecurity,
            replicaIdentity: REPLICA_IDENTITY[r.relreplident as keyof typeof REPLICA_IDENTITY] ?? 'default',
            foreign:
              r.foreign_server === null
                ? null
                : { server: r.foreign_server, options: sorted(r.foreign_options) },
          });
          break;
        case 'v': {
          const check = option(options, 'check_option');
          if (r.return_rule !== null)
            ctx.keysByOid.set(oidKey('rewrite', r.return_rule), remember(ctx, r, 'view'));
          const view: View = {
            key: objectKey('view', r.nspname, r.relname),
            ...base,
            definition: '',
            securityBarrier: option(options, 'security_barrier') === 'true',
            securityInvoker: option(options, 'security_invoker') === 'true',
            checkOption: check === 'local' || check === 'cascaded' ? check : null,
            options,
          };
          queries.set(r.oid, view);
          out.views.push(view);
          break;
        }
        case 'm':
          if (r.return_rule !== null) {
            ctx.keysByOid.set(oidKey('rewrite', r.return_rule), remember(ctx, r, 'materialized_view'));
          }
          {
            const view: MaterializedView = {
              key: objectKey('materialized_view', r.nspname, r.relname),
              ...base,
              definition: '',
              options,
              accessMethod: r.amname,
              tablespace: r.spcname,
            };
            queries.set(r.oid, view);
            out.materializedViews.push(view);
            break;
          }
        case 'S':
          remember(ctx, r, 'sequence');
          out.sequences.push({
            key: objectKey('sequence', r.nspname, r.relname),
            ...base,
            persistence,
            dataType: r.seq_type ?? 'bigint',
            ...sequenceOptions(r),
            ownedBy: r.owned_by
              ? { schema: r.owned_by[0], table: r.owned_by[1], column: r.owned_by[2] }
              : null,
          });
          break;
      }
    }
  const printed = await deparsed(ctx, [...queries.keys()], 'pg_catalog.pg_get_viewdef(o.oid)');
  for (const [oid, view] of queries) view.definition = printed.get(oid) ?? '';
  return out;
}
