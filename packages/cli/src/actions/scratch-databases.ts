/**
 * The databases `pum test-and-upgrade` makes (test copy, reference built beside production) and
 * what it may drop: only databases carrying its mark (a database comment), and `WITH (FORCE)`
 * only those of the current run. A run shows it is alive by a session named after it on each
 * server where it makes databases; a later run drops the marked databases of runs that died
 * (SIGKILL, power cut) and says so.
 */
import type { ResolvedConnection } from '@pum/connect';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import {
  type DatabaseIdentity,
  databaseIdentity,
  dropDatabase,
  listScratchDatabases,
  parseScratchMark,
  runApplicationName,
  type ScratchMark,
} from '@pum/dump';
import type pg from 'pg';
import { openConnection, resolveForCli } from '../connection.js';
import type { CliIo } from '../io.js';

/**
 * A session on a server's maintenance database, named after the run (`pum run <uuid>`): while it
 * is open, other runs leave this run's databases alone.
 */
export interface RunGuard {
  readonly client: pg.Client;
  /** What the user typed to reach the server. */
  readonly input: string;
  close(): Promise<void>;
}

/**
 * Open the run's guard session on the server `input` reaches, on its `postgres` database — or
 * `template1` when `postgres` is one of `avoid` (production or the test database: a session on
 * production would keep it from being copied by template).
 */
export async function openRunGuard(
  input: string,
  avoid: readonly string[],
  run: string,
  io: CliIo,
): Promise<RunGuard> {
  const connection = resolveForCli(input, io, {
    dbname: avoid.includes('postgres') ? 'template1' : 'postgres',
    application_name: runApplicationName(run),
  });
  const { client } = await openConnection(connection, io);
  return { client, input, close: () => client.end().catch(() => {}) };
}

/** The identity of database `name` on the guard's server (`oid` undefined when it does not exist). */
export function identityOf(guard: RunGuard, name: string): Promise<DatabaseIdentity> {
  return databaseIdentity(guard.client, name);
}

/**
 * Make sure database `name` (the test database the user named) may be replaced: it must not
 * exist, or be a database pum made (a test copy of an earlier run, now finished or dead) with
 * nobody connected. Returns its current comment when it exists (to drop it by), else undefined.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when it is not pum's, when a running pum uses
 *   it, or when other sessions are connected (named: pid, user, application).
 */
export async function checkReplaceable(
  guard: RunGuard,
  name: string,
  option: string,
): Promise<string | undefined> {
  const { rows } = await guard.client.query<{ comment: string | null }>(
    `select pg_catalog.shobj_description(oid, 'pg_database') as comment
       from pg_catalog.pg_database where datname = $1`,
    [name],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const mark = parseScratchMark(row.comment);
  if (mark === undefined) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `the test database ${JSON.stringify(name)} (${option}) exists and was not made by pum: pum replaces only test databases it made itself`,
      {
        hint: `name a database that does not exist yet (pum creates it), or leave ${option} out for a temporary one; if ${JSON.stringify(name)} is a disposable copy, drop it yourself`,
        details: { database: name, comment: row.comment },
      },
    );
  }
  const live = (await listScratchDatabases(guard.client)).find((d) => d.name === name && d.live);
  if (live !== undefined) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `the test database ${JSON.stringify(name)} (${option}) is being used by another pum run (${mark.run}, started ${mark.createdAt})`,
      { hint: 'wait for that run to end, or name another test database', details: { database: name } },
    );
  }
  return row.comment ?? undefined;
}

/**
 * Drop the test database the user named, made by an earlier run: without force, so that
 * sessions connected to it make an error naming them instead of being terminated.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` naming the sessions connected to it.
 */
export async function dropEarlierCopy(
  test: ResolvedConnection,
  comment: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await dropDatabase({ connection: test, expectedComment: comment, ...(signal ? { signal } : {}) });
  } catch (error) {
    // In use (SQLSTATE 55006): the user's to resolve, and nothing was changed.
    if (isPumError(error) && error.details.sqlstate === '55006') {
      throw new PumError(PumErrorCode.InvalidArgument, error.message, {
        cause: error,
        hint: 'close these sessions (pum never terminates sessions on a database it did not create in this run), then run again',
        details: error.details,
      });
    }
    throw error;
  }
}

/** A marked database pum may drop as a leftover, with what it was. */
export interface Leftover {
  readonly name: string;
  readonly mark: ScratchMark;
}

/**
 * Drop the databases of dead runs on the guard's server: marked, not kept, their run's session
 * gone. Without force: one somebody is connected to is left, with a warning. Returns what was
 * dropped.
 */
export async function dropLeftovers(
  guard: RunGuard,
  io: CliIo,
  warn: (text: string) => void,
): Promise<Leftover[]> {
  const dropped: Leftover[] = [];
  for (const database of await listScratchDatabases(guard.client)) {
    if (database.live || database.mark.kept) continue;
    const connection = resolveForCli(guard.input, io, { dbname: database.name });
    try {
      const { dropped: done } = await dropDatabase({ connection, expectedComment: database.comment });
      if (done) dropped.push({ name: database.name, mark: database.mark });
    } catch (error) {
      warn(
        `could not drop the leftover ${database.mark.kind} ${JSON.stringify(database.name)}: ${(error as Error).message}`,
      );
    }
  }
  return dropped;
}
