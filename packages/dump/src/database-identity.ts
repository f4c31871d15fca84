/**
 * Whether two connections reach the same database, decided by what the server says about
 * itself — never by comparing connection strings, which differ for one database reached
 * through a Unix socket and through TCP, by another role, a service name or an alias.
 *
 * A server is known by two facts any role can usually read:
 * - `system_identifier` from `pg_control_system()` (PostgreSQL 9.6 and later; readable by
 *   every role unless revoked): unique per cluster made by `initdb`, but shared by its
 *   physical replicas and by every cluster restored from a base backup of it;
 * - `pg_postmaster_start_time()` (readable by every role), to the microsecond: the same for
 *   every session of one running server however it is addressed, and different for a replica
 *   or a restored copy, which were started at another moment.
 * One running server has both equal. When a role may not read the system identifier, the start
 * time alone decides: it cannot make one server look like two, and two servers started in the
 * same microsecond would only make pum refuse, never destroy. A database is then known by its
 * OID on that server.
 */

import type { Queryable } from '@pum/core';

/**
 * What identifies a database (or the server, for a database that does not exist).
 *
 * @example
 * ```ts
 * const identity: DatabaseIdentity = {
 *   name: 'qwat_prod', oid: '16384', systemIdentifier: '7716297561129340765',
 *   startedAt: '2025-01-01T08:00:00.123456Z',
 * };
 * ```
 */
export interface DatabaseIdentity {
  /** The database's name. */
  readonly name: string;
  /** Its OID on the server (text), `undefined` when no database of that name exists. */
  readonly oid: string | undefined;
  /**
   * The cluster's `system_identifier` (text), `undefined` when the role may not call
   * `pg_control_system()` or the server is older than 9.6.
   */
  readonly systemIdentifier: string | undefined;
  /** When the server was started, `pg_postmaster_start_time()` in UTC to the microsecond. */
  readonly startedAt: string;
}

const START_TIME = `to_char(pg_catalog.pg_postmaster_start_time() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Read the identity of database `name` (default: the one `db` is connected to) on the server
 * `db` is connected to. Read identities to compare while the sessions that read them are open,
 * and use those sessions afterwards: a restart in between ends them, so two readings of one
 * server can never be taken for two servers unnoticed.
 *
 * @example
 * ```ts
 * import { databaseIdentity, sameDatabase } from '@pum/dump';
 *
 * const prod = await databaseIdentity(prodClient);
 * const test = await databaseIdentity(adminClientOnTestServer, 'qwat_test');
 * if (sameDatabase(prod, test)) throw new Error('the test database is production');
 * ```
 */
export async function databaseIdentity(db: Queryable, name?: string): Promise<DatabaseIdentity> {
  const { rows } = await db.query<{ name: string; oid: string | null; started_at: string }>(
    `select d.name, (select oid::text from pg_catalog.pg_database where datname = d.name) as oid,
            ${START_TIME} as started_at
       from (select coalesce($1::text, pg_catalog.current_database()::text) as name) d`,
    [name ?? null],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('the server returned no row for its identity');
  return {
    name: row.name,
    oid: row.oid ?? undefined,
    systemIdentifier: await readSystemIdentifier(db),
    startedAt: row.started_at,
  };
}

/** `pg_control_system()`'s identifier, or `undefined` when the role may not call it. */
async function readSystemIdentifier(db: Queryable): Promise<string | undefined> {
  // Checked first, so that a refusal does not abort a transaction the caller may have open.
  const { rows } = await db.query<{ allowed: boolean }>(
    `select pg_catalog.has_function_privilege(p.oid, 'execute') as allowed
       from pg_catalog.pg_proc p
      where p.proname = 'pg_control_system' and p.pronamespace = 'pg_catalog'::regnamespace`,
  );
  if (rows[0]?.allowed !== true) return undefined;
  const result = await db.query<{ id: string }>(
    'select system_identifier::text as id from pg_catalog.pg_control_system()',
  );
  return result.rows[0]?.id ?? undefined;
}

/**
 * Whether two identities were read on one running server: equal start times, and equal system
 * identifiers where both are known. A physical replica or a cluster restored from a backup is
 * another server.
 *
 * @example
 * ```ts
 * const template = sameServer(await databaseIdentity(a), await databaseIdentity(b)); // copy by TEMPLATE?
 * ```
 */
export function sameServer(a: DatabaseIdentity, b: DatabaseIdentity): boolean {
  if (a.systemIdentifier !== undefined && b.systemIdentifier !== undefined) {
    if (a.systemIdentifier !== b.systemIdentifier) return false;
  }
  return a.startedAt === b.startedAt;
}

/**
 * Whether two identities are one existing database: one server ({@link sameServer}) and one
 * OID. A database that does not exist is never the same as another.
 *
 * @example
 * ```ts
 * if (sameDatabase(testIdentity, prodIdentity)) refuse('the test database is production');
 * ```
 */
export function sameDatabase(a: DatabaseIdentity, b: DatabaseIdentity): boolean {
  return a.oid !== undefined && a.oid === b.oid && sameServer(a, b);
}

/**
 * How to name an identity in a message: `database "tp" (OID 16384) on server 7716…765 started
 * 2025-01-01T08:00:00.123456Z`.
 *
 * @example
 * ```ts
 * throw new Error(`${describeIdentity(test)} is production`);
 * ```
 */
export function describeIdentity(identity: DatabaseIdentity): string {
  const server =
    identity.systemIdentifier === undefined
      ? `the server started ${identity.startedAt}`
      : `server ${identity.systemIdentifier} (started ${identity.startedAt})`;
  const oid = identity.oid === undefined ? ' (not created yet)' : ` (OID ${identity.oid})`;
  return `database ${JSON.stringify(identity.name)}${oid} on ${server}`;
}
