/**
 * What every catalog reader receives: the server version, the filter parameters and a way to
 * run one query whose rows are streamed, a batch at a time, inside the snapshot transaction.
 */

/**
 * Runs one catalog query and yields its rows a batch at a time as they arrive (each batch
 * mapped in a plain loop: no promise per row).
 */
export type BatchSource = <Row>(sql: string, values?: readonly unknown[]) => AsyncIterable<readonly Row[]>;

/** The context of one introspection. */
export interface CatalogContext {
  /** `server_version_num`, e.g. 150018: readers branch on it for version-specific columns. */
  readonly serverVersionNum: number;
  /** Stream the rows of a query, a batch at a time. */
  readonly batches: BatchSource;
  /**
   * Run a query whose functions lock what they print (`pg_get_viewdef` locks the relations a
   * view reads until the transaction ends) in a savepoint rolled back once its rows are
   * in, which releases those locks: tens of thousands of views then never fill the server's lock
   * table. The rows come back whole, so ask for a bounded batch (see `deparsed.ts`).
   */
  readonly releasingLocks: <Row>(sql: string, values?: readonly unknown[]) => Promise<Row[]>;
  /** The values of `$1` and `$2` in {@link namespacesCte}: include and exclude regexes. */
  readonly filterValues: readonly unknown[];
  /** Whether objects that belong to extensions are kept. */
  readonly includeExtensionMembers: boolean;
  /**
   * Column names by `<relation oid>:<attnum>`, filled by the column reader, so constraints map
   * their key numbers to names without a per-row catalog lookup. Internal: never in a snapshot.
   */
  readonly attributeNames: Map<string, string>;
  /**
   * Object keys by catalog and OID, filled by the readers (see {@link oidKey}), so the
   * dependency reader maps `pg_depend` rows without joining the catalogs again. Internal:
   * never in a snapshot.
   */
  readonly keysByOid: Map<string, string>;
  /** Settles once the column reader is done: {@link attributeNames} holds every column read. */
  readonly columnsRead: Promise<void>;
  /** Settles once every reader but the dependency reader is done: {@link keysByOid} is complete. */
  readonly objectsRead: Promise<void>;
}

/**
 * How {@link CatalogContext.keysByOid} names an object: `class:<oid>` (a relation, index or
 * composite type; a table's columns are found through {@link CatalogContext.attributeNames}), `proc:`, `type:`, `constraint:`,
 * `trigger:`, `policy:`, `rewrite:` (a rule, or the `_RETURN` rule of a view), `attrdef:` (a
 * column default) followed by the OID.
 */
export const oidKey = (catalog: string, oid: string): string => `${catalog}:${oid}`;

/** The {@link CatalogContext.attributeNames} key of a column. */
export const attributeKey = (relid: string, attnum: number): string => `${relid}:${attnum}`;

/**
 * The namespace filter queries start with (`WITH ns AS (…)`), bound to
 * {@link CatalogContext.filterValues}: `$1` include regexes (empty = all), `$2` exclude regexes.
 */
export function namespacesCte(ctx: CatalogContext): string {
  return `ns AS (
  SELECT n.oid, n.nspname
  FROM pg_catalog.pg_namespace n
  WHERE (cardinality($1::text[]) = 0 OR n.nspname ~ ANY ($1::text[]))
    AND NOT n.nspname ~ ANY ($2::text[])
    AND ${notExtensionMember(ctx, 'pg_namespace', 'n.oid')}
)`;
}

/**
 * An SQL condition that is true unless the object is a member of an extension (and members
 * are not asked for): PostGIS, topology and tiger objects are excluded by membership, never
 * by schema name.
 */
export function notExtensionMember(ctx: CatalogContext, catalog: string, oid: string): string {
  if (ctx.includeExtensionMembers) return 'true';
  return `NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend dep
    WHERE dep.classid = 'pg_catalog.${catalog}'::regclass AND dep.objid = ${oid} AND dep.deptype = 'e')`;
}

/**
 * An SQL condition that is true unless the object was created implicitly with another one
 * (`pg_depend.deptype = 'i'`): a range type's constructor functions and multirange cast,
 * an identity column's sequence.
 */
export function notInternal(catalog: string, oid: string): string {
  return `NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend idep
    WHERE idep.classid = 'pg_catalog.${catalog}'::regclass AND idep.objid = ${oid} AND idep.deptype = 'i')`;
}

/** A LEFT JOIN of the comment of an object (`alias.description`). */
export function commentJoin(alias: string, catalog: string, oid: string, subId = '0'): string {
  return `LEFT JOIN pg_catalog.pg_description ${alias}
    ON ${alias}.objoid = ${oid} AND ${alias}.classoid = 'pg_catalog.${catalog}'::regclass AND ${alias}.objsubid = ${subId}`;
}

/** Note `key` under `catalog` and `oid` in {@link CatalogContext.keysByOid}; returns `key`. */
export function rememberKey(ctx: CatalogContext, catalog: string, oid: string, key: string): string {
  ctx.keysByOid.set(oidKey(catalog, oid), key);
  return key;
}

/** Collect every row of a query, mapped. */
export async function collect<Row, Out>(
  batches: AsyncIterable<readonly Row[]>,
  map: (row: Row) => Out,
): Promise<Out[]> {
  const out: Out[] = [];
  for await (const batch of batches) for (const row of batch) out.push(map(row));
  return out;
}
