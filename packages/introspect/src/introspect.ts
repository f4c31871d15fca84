/**
 * `introspect()`: read a live catalog into a {@link Snapshot}, in one `REPEATABLE READ READ
 * ONLY` transaction, with one streamed query per catalog family.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { ClientBase } from 'pg';
import type { CatalogContext } from './catalog/context.js';
import { cursorBatches } from './cursor-batches.js';
import { exactRegex, schemaFilterParams } from './filters.js';
import { readCatalog, type SessionContext } from './read-catalog.js';
import { SNAPSHOT_FORMAT_VERSION, type Snapshot } from './snapshot.js';
import {
  joinSnapshot,
  type OpeningSessions,
  openSessions,
  SESSION_SETTINGS,
  type SessionClient,
} from './snapshot-sessions.js';
import { sortSnapshot } from './sort.js';

/** The oldest server major this package reads. */
export const MIN_SERVER_MAJOR = 14;

/** The savepoint {@link CatalogContext.releasingLocks} rolls back to. */
const RELEASE_LOCKS = 'pum_release_locks';

/** Options of {@link introspect}. */
export interface IntrospectOptions {
  /** Schemas to read, as globs (`qwat_*`); empty or absent means every schema. */
  includeSchemas?: readonly string[];
  /** Schemas to leave out, as globs. `pg_catalog`, `information_schema`, `pg_toast` and temp schemas are always left out. */
  excludeSchemas?: readonly string[];
  /** Keep objects that belong to extensions (PostGIS functions, topology…). Default `false`. */
  includeExtensionMembers?: boolean;
  /**
   * Rows fetched per round trip of a streamed query. Default 12 000 (shared among the
   * {@link sessions}): few round trips, bounded memory. The next batch is fetched while one is
   * mapped, so a session holds two at a time.
   */
  batchSize?: number;
  /** Cancels the introspection between queries. */
  signal?: AbortSignal;
  /**
   * Read the dependencies between objects (`pg_depend`). Default `true`. A caller that only
   * compares objects (`diffSnapshots()` does not look at them) can pass `false` to skip the
   * costliest catalog query; the snapshot's `dependencies` is then empty.
   */
  dependencies?: boolean;
  /**
   * Opens one more connection to the same database (a fresh `pg.Client`, say), so that the
   * catalog is read over several sessions at once, as `pg_dump -j` does: the server runs one
   * query while Node maps the rows of another. Each extra session imports the snapshot of
   * `client`'s transaction (`pg_export_snapshot()`, `SET TRANSACTION SNAPSHOT`), so every
   * query reads the same catalog state. The introspection ends the connections it opened
   * (`end()`), also when it fails; one that cannot be opened is done without (fewer sessions).
   * Absent (the default): one session, on `client` alone.
   */
  connect?: () => Promise<SessionClient>;
  /**
   * Sessions reading at once when {@link connect} is given, `client`'s included (at least 1).
   * Default 3: on two CPUs and more, the server and Node overlap; more add little.
   */
  sessions?: number;
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
  const filter = schemaFilterParams(options.includeSchemas, options.excludeSchemas);
  const includeExtensionMembers = options.includeExtensionMembers ?? false;
  const simple = async <Row>(sql: string): Promise<Row[]> => {
    stats.roundTrips++;
    return (await client.query(sql)).rows as Row[];
  };
  const sessionCount = options.connect ? Math.max(1, Math.floor(options.sessions ?? 3)) : 1;
  // Rows in flight are bounded per session: several sessions share the default batch.
  const batchSize = options.batchSize ?? Math.ceil(12_000 / sessionCount);
  const extra: OpeningSessions | undefined =
    options.connect && sessionCount > 1 ? openSessions(options.connect, sessionCount - 1) : undefined;

  try {
    await beginSnapshotTransaction(client);
  } catch (error) {
    await extra?.close();
    throw error;
  }
  stats.roundTrips++;
  try {
    // Schemas an extension's control file requires (postgis_topology's `topology`) belong to
    // the extension even though PostgreSQL does not record them as members.
    const [server] = await simple<{
      num: string;
      postgis: string | null;
      extension_schemas: string[];
      snapshot_id?: string;
    }>(
      `SELECT ${SESSION_SETTINGS},
        current_setting('server_version_num') AS num,
        (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'postgis') AS postgis,
        ARRAY(SELECT n.nspname FROM pg_catalog.pg_extension e
          JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
          JOIN pg_catalog.pg_available_extension_versions v ON v.name = e.extname AND v.version = e.extversion
          WHERE v.schema = n.nspname)::text[] AS extension_schemas${extra ? ',\n        pg_catalog.pg_export_snapshot() AS snapshot_id' : ''}`,
    );
    const serverVersionNum = Number(server?.num);
    if (!(serverVersionNum >= MIN_SERVER_MAJOR * 10_000)) {
      throw new PumError(
        PumErrorCode.Unsupported,
        `PostgreSQL ${Math.floor(serverVersionNum / 10_000)} is not supported; pum reads PostgreSQL ${MIN_SERVER_MAJOR} and later`,
      );
    }
    const clients: ClientBase[] = [client];
    if (extra) {
      const opened = await extra.ready();
      const snapshotId = String(server?.snapshot_id);
      await Promise.all(opened.map((session) => joinSnapshot(session, snapshotId)));
      stats.roundTrips += opened.length;
      clients.push(...opened);
    }
    const shared = {
      serverVersionNum,
      filterValues: [
        filter.include,
        includeExtensionMembers
          ? filter.exclude
          : [...filter.exclude, ...(server?.extension_schemas ?? []).map(exactRegex)],
      ],
      includeExtensionMembers,
      attributeNames: new Map<string, string>(),
      keysByOid: new Map<string, string>(),
    };
    const sessions: SessionContext[] = clients.map((session) => ({
      ...shared,
      batches: (sql, values = []) => {
        options.signal?.throwIfAborted();
        stats.queries++;
        return cursorBatches(session, sql, values, batchSize, () => stats.roundTrips++);
      },
      releasingLocks: async <Row>(sql: string, values: readonly unknown[] = []) => {
        options.signal?.throwIfAborted();
        stats.queries++;
        stats.roundTrips += 3;
        await session.query(`SAVEPOINT ${RELEASE_LOCKS}`);
        try {
          return (await session.query(sql, [...values])).rows as Row[];
        } finally {
          // Also after a failed query: the transaction goes on from the savepoint.
          await session.query(`ROLLBACK TO SAVEPOINT ${RELEASE_LOCKS}`);
        }
      },
    }));
    const { objects, unmodeled, dependencies } = await readCatalog(sessions, options.dependencies !== false);
    // The readers' notes are not part of the snapshot: let them go before it is returned.
    shared.keysByOid.clear();
    shared.attributeNames.clear();
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
  } finally {
    // Ending a session ends its transaction: nothing to commit on a read-only snapshot.
    await extra?.close();
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
