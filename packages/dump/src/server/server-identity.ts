/**
 * Whether two connections reach the same running server, so that a database can be copied
 * with `CREATE DATABASE … TEMPLATE` instead of through pg_dump and pg_restore.
 */

import type { Queryable } from '@pum/core';
import type { DumpConnection } from '../connection.js';

/** What identifies a running server. */
export interface ServerIdentity {
  /**
   * The cluster's system identifier and the postmaster's start time: a streaming replica
   * shares the first, never the second. `undefined` when the server does not show them.
   */
  readonly instance: string | undefined;
  /** Where the connection goes: host (or socket directory, or address) and port. */
  readonly address: string;
}

/** Read the identity of the server `db` is connected to. */
export async function readServerIdentity(db: Queryable, connection: DumpConnection): Promise<ServerIdentity> {
  const config = connection.clientConfig;
  const address = `${config.host}:${config.port}`;
  try {
    const { rows } = await db.query<{ instance: string }>(
      `select (select system_identifier from pg_catalog.pg_control_system())::text
              || '@' || pg_catalog.pg_postmaster_start_time()::text as instance`,
    );
    return { instance: rows[0]?.instance ?? undefined, address };
  } catch {
    // pg_control_system() can be revoked from PUBLIC: fall back to the address.
    return { instance: undefined, address };
  }
}

/** Whether both identities are one server. */
export function sameServer(a: ServerIdentity, b: ServerIdentity): boolean {
  if (a.instance !== undefined && b.instance !== undefined) return a.instance === b.instance;
  return a.address === b.address;
}
