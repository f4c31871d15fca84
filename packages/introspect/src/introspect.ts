/**
 * `introspect()`: read a live catalog into a {@link Snapshot}, in one `REPEATABLE READ READ
 * ONLY` transaction, with one streamed query per catalog family.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { ClientBase } from 'pg';
import QueryStream from 'pg-query-stream';
import { readCollations } from './catalog/collations.js';
import { readColumns } from './catalog/columns.js';
import { readConstraints } from './catalog/constraints.js';
import type { CatalogContext } from './catalog/context.js';
import { readDefaultPrivileges } from './catalog/default-privileges.js';
import { readDependencies } from './catalog/dependencies.js';
import { readEventTriggers } from './catalog/event-triggers.js';
import { readExtensionMemberPrivileges } from './catalog/extension-member-privileges.js';
import { readExtensions } from './catalog/extensions.js';
import { readForeignDataWrappers } from './catalog/foreign-data-wrappers.js';
import { readForeignServers } from './catalog/foreign-servers.js';
import { readFunctions } from './catalog/functions.js';
import { readIndexes } from './catalog/indexes.js';
import { readPolicies } from './catalog/policies.js';
import { readPublications } from './catalog/publications.js';
import { readRelations } from './catalog/relations.js';
import { readRules } from './catalog/rules.js';
import { readSchemas } from './catalog/schemas.js';
import { readTriggers } from './catalog/triggers.js';
import { readTypes } from './catalog/types.js';
import { readUnmodeledCounts } from './catalog/unmodeled.js';
import { readUserMappings } from './catalog/user-mappings.js';
import { exactRegex, schemaFilterParams } from './filters.js';
import { SNAPSHOT_FORMAT_VERSION, type Snapshot } from './snapshot.js';
import { sortSnapshot } from './sort.js';

/** The oldest server major this package reads. */
export const MIN_SERVER_MAJOR = 14;

/** Options of {@link introspect}. */
export interface IntrospectOptions {
  /** Schemas to read, as globs (`qwat_*`); empty or absent means every schema. */
  includeSchemas?: readonly string[];
  /** Schemas to leave out, as globs. `pg_catalog`, `information_schema`, `pg_toast` and temp schemas are always left out. */
  excludeSchemas?: readonly string[];
  /** Keep objects that belong to extensions (PostGIS functions, topology…). Default `false`. */
  includeExtensionMembers?: boolean;
  /** Rows fetched per round trip of a streamed query. Default 25 000: few round trips, bounded memory. */
  batchSize?: number;
  /** Cancels the introspection between queries. */
  signal?: AbortSignal;
  /**
   * Read the dependencies between objects (`pg_depend`). Default `true`. A caller that only
   * compares objects (`diffSnapshots()` does not look at them) can pass `false` to skip the
   * costliest catalog query; the snapshot's `dependencies` is then empty.
   */
  dependencies?: boolean;
}

/** Statistics of one introspection, for benchmarks and diagnostics. */
export interface IntrospectStats {
  /** Client/server round trips (statements and cursor fetches). */
  roundTrips: number;
  /** Catalog queries run. */
  queries: number;
}

/**
 * Read the schema of the database `client` is connected to.
 *
 * Runs its own transaction on `client` (so `client` must not be inside one), and leaves the
 * connection open: the caller owns it.
 *
 * @throws {@link PumError} `PUM_UNSUPPORTED` on servers older than PostgreSQL 14,
 *   `PUM_ABORTED` when `signal` aborts, `PUM_SQL_ERROR` when a catalog query fails.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { introspect } from '@pum/introspect';
 *
 * const client = new pg.Client({ connectionString: 'postgres://localhost/qwat' });
 * await client.connect();
 * const snapshot = await introspect(client, { excludeSchemas: ['public'] });
 * console.log(snapshot.objects.tables.length, 'tables');
 * await client.end();
 * ```
 */
export async function introspect(client: ClientBase, options: IntrospectOptions = {}): Promise<Snapshot> {
  return (await introspectWithStats(client, options)).snapshot;
}

/** {@link introspect}, also returning how many round trips and queries it took. */
export async function introspectWithStats(
  client: ClientBase,
  options: IntrospectOptions = {},
): Promise<{ snapshot: Snapshot; stats: IntrospectStats }> {
  const stats: IntrospectStats = { roundTrips: 0, queries: 0 };
  const batchSize = options.batchSize ?? 25_000;
  const filter = schemaFilterParams(options.includeSchemas, options.excludeSchemas);
  const includeExtensionMembers = options.includeExtensionMembers ?? false;
  const simple = async <Row>(sql: string): Promise<Row[]> => {
    stats.roundTrips++;
    return (await client.query(sql)).rows as Row[];
  };

  await beginSnapshotTransaction(client);
  stats.roundTrips++;
  try {
    // A fixed search_path makes every name the server prints (types, functions, view bodies)
    // qualified the same way whatever the session's setting.
    // Schemas an extension's control file requires (postgis_topology's `topology`) belong to
    // the extension even though PostgreSQL does not record them as members.
    const [server] = await simple<{ num: string; postgis: string | null; extension_schemas: string[] }>(
      `SELECT set_config('search_path', 'pg_catalog', true), set_config('jit', 'off', true),
        current_setting('server_version_num') AS num,
        (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'postgis') AS postgis,
        ARRAY(SELECT n.nspname FROM pg_catalog.pg_extension e
          JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
          JOIN pg_catalog.pg_available_extension_versions v ON v.name = e.extname AND v.version = e.extversion
          WHERE v.schema = n.nspname)::text[] AS extension_schemas`,
    );
    const serverVersionNum = Number(server?.num);
    if (!(serverVersionNum >= MIN_SERVER_MAJOR * 10_000)) {
      throw new PumError(
        PumErrorCode.Unsupported,
        `PostgreSQL ${Math.floor(serverVersionNum / 10_000)} is not supported; pum reads PostgreSQL ${MIN_SERVER_MAJOR} and later`,
      );
    }
    const ctx: CatalogContext = {
      serverVersionNum,
      filterValues: [
        filter.include,
        includeExtensionMembers
          ? filter.exclude
          : [...filter.exclude, ...(server?.extension_schemas ?? []).map(exactRegex)],
      ],
      includeExtensionMembers,
      attributeNames: new Map(),
      keysByOid: new Map(),
      rows: (sql, values = []) => {
        options.signal?.throwIfAborted();
        stats.queries++;
        return streamRows(client, sql, values, batchSize, () => stats.roundTrips++);
      },
    };
    const relations = await readRelations(ctx);
    const objects = {
      schemas: await readSchemas(ctx),
      extensions: await readExtensions(ctx),
      tables: relations.tables,
      columns: await readColumns(ctx),
      constraints: await readConstraints(ctx),
      indexes: await readIndexes(ctx),
      views: relations.views,
      materializedViews: relations.materializedViews,
      sequences: relations.sequences,
      functions: await readFunctions(ctx),
      triggers: await readTriggers(ctx),
      eventTriggers: await readEventTriggers(ctx),
      rules: await readRules(ctx),
      types: await readTypes(ctx),
      collations: await readCollations(ctx),
      policies: await readPolicies(ctx),
      defaultPrivileges: await readDefaultPrivileges(ctx),
      publications: await readPublications(ctx),
      foreignDataWrappers: await readForeignDataWrappers(ctx),
      foreignServers: await readForeignServers(ctx),
      userMappings: await readUserMappings(ctx),
      extensionMemberPrivileges: await readExtensionMemberPrivileges(ctx),
    };
    const unmodeled = await readUnmodeledCounts(ctx);
    const dependencies = options.dependencies === false ? [] : await readDependencies(ctx);
    // The readers' notes are not part of the snapshot: let them go before it is returned.
    ctx.keysByOid.clear();
    ctx.attributeNames.clear();
    await simple('COMMIT');
    const snapshot: Snapshot = {
      format: 'pum-snapshot',
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      server: { major: Math.floor(serverVersionNum / 10_000), postgis: server?.postgis ?? null },
      filter: {
        includeSchemas: [...(options.includeSchemas ?? [])].sort(),
        excludeSchemas: [...(options.excludeSchemas ?? [])].sort(),
        includeExtensionMembers,
      },
      objects,
      unmodeled,
      dependencies,
    };
    return { snapshot: sortSnapshot(snapshot), stats };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (options.signal?.aborted) {
      throw new PumError(PumErrorCode.Aborted, 'introspection aborted', { cause: options.signal.reason });
    }
    if (error instanceof Error && 'severity' in error && !(error instanceof PumError)) {
      throw new PumError(PumErrorCode.SqlError, `reading the catalog failed: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * Open the snapshot transaction. Refuses to run inside a transaction of the caller's: the
 * isolation level could not be set, and our COMMIT would end the caller's transaction.
 */
async function beginSnapshotTransaction(client: ClientBase): Promise<void> {
  let alreadyInTransaction = false;
  const onNotice = (notice: { code?: string | undefined }) => {
    if (notice.code === '25001') alreadyInTransaction = true;
  };
  const insideTransaction = (cause?: unknown) =>
    new PumError(PumErrorCode.InvalidArgument, 'introspect() needs a connection outside a transaction', {
      cause,
      hint: 'it reads the catalog in a REPEATABLE READ transaction of its own; commit or roll back first',
    });
  client.on('notice', onNotice);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    // Class 25: invalid transaction state (a transaction that already ran queries, or failed).
    if (String((error as { code?: unknown }).code).startsWith('25')) throw insideTransaction(error);
    throw new PumError(
      PumErrorCode.SqlError,
      `cannot start the catalog snapshot: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  } finally {
    client.off('notice', onNotice);
  }
  if (alreadyInTransaction) throw insideTransaction();
}

/** Stream the rows of one query through a cursor, counting each fetch as a round trip. */
async function* streamRows<Row>(
  client: ClientBase,
  sql: string,
  values: readonly unknown[],
  batchSize: number,
  onRoundTrip: () => void,
): AsyncIterable<Row> {
  const stream = new QueryStream(sql, [...values], { batchSize, highWaterMark: batchSize });
  client.query(stream);
  onRoundTrip();
  let inBatch = 0;
  for await (const row of stream) {
    if (++inBatch > batchSize) {
      inBatch = 1;
      onRoundTrip();
    }
    yield row as Row;
  }
}
