/**
 * More sessions on one catalog snapshot: connections opened through the caller's factory, each
 * in a `REPEATABLE READ READ ONLY` transaction that imports the snapshot the first session
 * exported (`SET TRANSACTION SNAPSHOT`), as `pg_dump -j` does. Every query of an introspection
 * thus reads the same catalog state, whichever session runs it.
 */
import { quoteLiteral } from '@pum/core';
import type { ClientBase } from 'pg';

/** A connection {@link IntrospectOptions.connect} opens; the introspection ends it. */
export type SessionClient = ClientBase & { end(): Promise<void> };

/** The connections being opened. */
export interface OpeningSessions {
  /**
   * The clients that connected, once every attempt has settled. One that failed (the server's
   * `max_connections` reached, say) is done without: fewer sessions read the same snapshot.
   */
  ready(): Promise<SessionClient[]>;
  /** End every connection that was opened. Never throws. */
  close(): Promise<void>;
}

const ignore = () => {};

/**
 * The settings of every session of an introspection, as select-list items: a fixed
 * search_path makes every name the server prints (types, functions, view bodies) qualified the
 * same way whatever the session's setting; JIT costs more than it saves on catalog queries.
 */
export const SESSION_SETTINGS = `set_config('search_path', 'pg_catalog', true), set_config('jit', 'off', true)`;

/** Start opening `count` connections with `connect`, all at once. */
export function openSessions(connect: () => Promise<SessionClient>, count: number): OpeningSessions {
  const settled = Promise.allSettled(
    Array.from({ length: count }, async () => {
      const client = await connect();
      // A session that dies while idle must not crash the process with an unhandled 'error'.
      client.on('error', ignore);
      return client;
    }),
  );
  const opened = async () =>
    (await settled).flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  return {
    ready: opened,
    async close() {
      await Promise.all((await opened()).map((client) => client.end().catch(ignore)));
    },
  };
}

/**
 * Put `client` in a read-only transaction on the exported snapshot `snapshotId`, with the
 * settings of the first session (a `pg_catalog` search_path, JIT off): one round trip.
 */
export async function joinSnapshot(client: SessionClient, snapshotId: string): Promise<void> {
  await client.query(
    `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshotId)};
SELECT ${SESSION_SETTINGS}`,
  );
}
