/**
 * An AbortSignal stops a dump, a restore or a clone: the running program is terminated (and
 * gone when the promise settles), its statement is cancelled on the server, the error is
 * PUM_ABORTED, and nothing half-made is left — an existing backup stays byte for byte, a
 * restore in one transaction leaves the target empty.
 *
 * No timing guesses (issue 13, item 16): each program is held in a statement on the server
 * (pg_dump waiting for a table lock the test holds, pg_restore refreshing a materialized view
 * that sleeps in the target), the test polls pg_stat_activity until it is there, then aborts,
 * and then waits for the server to see the program's session end while the lock is still
 * held or the sleep far from over — which only a cancel does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { quoteIdent } from '@pum/core';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloneDatabase, dumpDatabase, restoreDatabase, type SpawnedProcess } from '../src/index.js';
import {
  connectionTo,
  databaseExists,
  databaseUrl,
  loadRichFixture,
  makeDatabase,
  server,
  tableChecksums,
  tools,
  withClient,
  workDirectory,
} from './helpers.js';

const work = workDirectory();
// Generous: the machine may be very busy; a pass takes well under a second.
const DEADLINE_MS = 60_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Poll `check` until it returns a value, or fail naming `what`. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The backend pid of `application`'s session on `database` running a statement matching `query`. */
async function serverSession(database: string, application: string, query: string): Promise<number> {
  return waitFor(`${application} to run ${query} in ${database}`, () =>
    withClient(server.url, async (client) => {
      const { rows } = await client.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = $1 and application_name = $2 and state = 'active' and query ilike $3`,
        [database, application, query],
      );
      return rows[0]?.pid;
    }),
  );
}

/** Wait until the server has no session `pid` any more. */
async function sessionGone(pid: number): Promise<void> {
  await waitFor(`session ${pid} to end`, () =>
    withClient(server.url, async (client) => {
      const { rowCount } = await client.query('select 1 from pg_stat_activity where pid = $1', [pid]);
      return rowCount === 0 ? true : undefined;
    }),
  );
}

/** An abort controller that remembers the pids of the programs started. */
function supervised() {
  const controller = new AbortController();
  const pids: number[] = [];
  return {
    controller,
    pids,
    options: {
      signal: controller.signal,
      onSpawn: (process: SpawnedProcess) => {
        pids.push(process.pid);
      },
    },
  };
}

describe('cancelling', skipUnless('pg_dump'), () => {
  const source = useTestDatabase();
  let backup: string;
  let locker: pg.Client | undefined;

  beforeAll(async () => {
    await loadRichFixture(source.url, false);
    // slow() sleeps where pum.test_sleep is on: in the restore target, not here.
    await withClient(source.url, (client) =>
      client.query(`
        CREATE TABLE app.locked (id int);
        CREATE FUNCTION app.slow() RETURNS int LANGUAGE plpgsql AS $$
        BEGIN
          IF pg_catalog.current_setting('pum.test_sleep', true) = 'on' THEN
            PERFORM pg_catalog.pg_sleep(600);
          END IF;
          RETURN 1;
        END $$;
        CREATE MATERIALIZED VIEW app.slow_view AS SELECT app.slow() AS one;`),
    );
    backup = (
      await dumpDatabase({ connection: connectionTo(source.url), file: path.join(work, 'ok.backup'), tools })
    ).file;
  });

  /** Hold an ACCESS EXCLUSIVE lock on app.locked until the test ends: pg_dump waits for it. */
  async function lockTable(): Promise<void> {
    locker = await source.connect();
    await locker.query('BEGIN; LOCK TABLE app.locked IN ACCESS EXCLUSIVE MODE');
  }

  afterEach(async () => {
    await locker?.query('ROLLBACK');
    locker = undefined;
  });

  it('a dump: pg_dump is cancelled on the server, terminated, and the existing backup kept', async () => {
    const file = path.join(work, 'kept.backup');
    await dumpDatabase({ connection: connectionTo(source.url), file, tools });
    const before = readFileSync(file);
    await lockTable();
    const run = supervised();
    const dumping = dumpDatabase({ connection: connectionTo(source.url), file, tools, ...run.options }).catch(
      (e) => e,
    );
    const backend = await serverSession(source.name, 'pg_dump', 'LOCK TABLE%');
    run.controller.abort(new Error('stopped by the test'));
    const error = await dumping;

    expect(error.code).toBe('PUM_ABORTED');
    expect(error.message).toBe(
      `pg_dump stopped: dumping ${connectionTo(source.url).describe()} was cancelled\n  ${file} was left as it was`,
    );
    expect(run.pids).toHaveLength(1);
    expect(isRunning(run.pids[0] as number)).toBe(false);
    // The lock is still held: only the cancel can have ended pg_dump's wait on the server.
    await sessionGone(backend);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(work).filter((name) => name.includes('.pum-tmp-'))).toEqual([]);
  });

  it('a dump to a new file leaves no file', async () => {
    await lockTable();
    const run = supervised();
    const file = path.join(work, 'aborted.backup');
    const dumping = dumpDatabase({ connection: connectionTo(source.url), file, tools, ...run.options }).catch(
      (e) => e,
    );
    const backend = await serverSession(source.name, 'pg_dump', 'LOCK TABLE%');
    run.controller.abort(new Error('stopped by the test'));
    const error = await dumping;
    expect(error.code).toBe('PUM_ABORTED');
    expect(error.message).toBe(
      `pg_dump stopped: dumping ${connectionTo(source.url).describe()} was cancelled`,
    );
    await sessionGone(backend);
    expect(existsSync(file)).toBe(false);
  });

  it('a restore: pg_restore is cancelled on the server, terminated, and its transaction rolled back', async () => {
    const target = await makeDatabase();
    await withClient(server.url, (client) =>
      client.query(`ALTER DATABASE ${quoteIdent(target.name)} SET pum.test_sleep = 'on'`),
    );
    const run = supervised();
    const restoring = restoreDatabase({
      connection: connectionTo(target.url),
      file: backup,
      tools,
      ...run.options,
    }).catch((e) => e);
    const backend = await serverSession(target.name, 'pg_restore', 'REFRESH MATERIALIZED VIEW%');
    run.controller.abort(new Error('stopped by the test'));
    const error = await restoring;

    expect(error.code).toBe('PUM_ABORTED');
    expect(error.changed).toEqual([]);
    // --list first, then the restore itself.
    expect(run.pids).toHaveLength(2);
    for (const pid of run.pids) expect(isRunning(pid)).toBe(false);
    // pg_sleep(600) is far from over: only the cancel ends the session this soon.
    await sessionGone(backend);
    expect(await tableChecksums(target.url)).toEqual({});
  });

  it('a clone through a pipe: both programs terminated, the half copy dropped', async () => {
    await lockTable();
    const run = supervised();
    const name = `pum_dump_aborted_${process.pid}`;
    const cloning = cloneDatabase({
      source: connectionTo(source.url),
      target: connectionTo(databaseUrl(name)),
      strategy: 'pipe',
      tools,
      ...run.options,
    }).catch((e) => e);
    const backend = await serverSession(source.name, 'pg_dump', 'LOCK TABLE%');
    run.controller.abort(new Error('stopped by the test'));
    const error = await cloning;
    expect(error.code).toBe('PUM_ABORTED');
    expect(run.pids).toHaveLength(2);
    for (const pid of run.pids) expect(isRunning(pid)).toBe(false);
    await sessionGone(backend);
    expect(await databaseExists(name)).toBe(false);
  });

  it('an operation whose signal fired before it started runs nothing', async () => {
    const spawned: SpawnedProcess[] = [];
    const target = await makeDatabase();
    const error = await restoreDatabase({
      connection: connectionTo(target.url),
      file: backup,
      tools,
      signal: AbortSignal.abort(),
      onSpawn: (process) => spawned.push(process),
    }).catch((e) => e);
    expect(error.code).toBe('PUM_ABORTED');
    expect(spawned).toEqual([]);
    expect(await tableChecksums(target.url)).toEqual({});
  });
});
