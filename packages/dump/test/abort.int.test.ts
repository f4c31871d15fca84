/**
 * An AbortSignal stops a dump, a restore or a clone: the running program is terminated (and
 * gone when the promise settles), the error is PUM_ABORTED, and nothing half-made is left.
 * The signal is fired from onSpawn, i.e. while the program certainly runs.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { cloneDatabase, dumpDatabase, restoreDatabase, type SpawnedProcess } from '../src/index.js';
import {
  binDir,
  connectionTo,
  databaseExists,
  databaseUrl,
  loadRichFixture,
  makeDatabase,
  tableChecksums,
  tools,
  workDirectory,
} from './helpers.js';

const work = workDirectory();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Abort when a process matching `when` starts; remember every pid. */
function abortOnSpawn(when: (process: SpawnedProcess) => boolean = () => true) {
  const controller = new AbortController();
  const pids: number[] = [];
  return {
    signal: controller.signal,
    pids,
    onSpawn: (process: SpawnedProcess) => {
      pids.push(process.pid);
      if (when(process)) controller.abort(new Error('stopped by the test'));
    },
  };
}

describe.skipIf(binDir === undefined)('cancelling', () => {
  const source = useTestDatabase();
  let backup: string;

  beforeAll(async () => {
    await loadRichFixture(source.url, false);
    backup = (
      await dumpDatabase({ connection: connectionTo(source.url), file: path.join(work, 'ok.backup'), tools })
    ).file;
  });

  it('a dump: pg_dump is terminated and no file is left', async () => {
    const abort = abortOnSpawn();
    const file = path.join(work, 'aborted.backup');
    const error = await dumpDatabase({ connection: connectionTo(source.url), file, tools, ...abort }).catch(
      (e) => e,
    );
    expect(error.code).toBe('PUM_ABORTED');
    expect(error.message).toBe(
      `pg_dump stopped: dumping ${connectionTo(source.url).describe()} was cancelled`,
    );
    expect(abort.pids).toHaveLength(1);
    expect(isRunning(abort.pids[0] as number)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it('a restore: pg_restore is terminated', async () => {
    const target = await makeDatabase();
    const abort = abortOnSpawn((process) => process.args.includes('--verbose'));
    const error = await restoreDatabase({
      connection: connectionTo(target.url),
      file: backup,
      tools,
      ...abort,
    }).catch((e) => e);
    expect(error.code).toBe('PUM_ABORTED');
    // --list first, then the restore itself.
    expect(abort.pids).toHaveLength(2);
    for (const pid of abort.pids) expect(isRunning(pid)).toBe(false);
  });

  it('a clone through a pipe: both programs terminated, the half copy dropped', async () => {
    const abort = abortOnSpawn((process) => process.tool === 'pg_dump');
    const name = `pum_dump_aborted_${process.pid}`;
    const error = await cloneDatabase({
      source: connectionTo(source.url),
      target: connectionTo(databaseUrl(name)),
      strategy: 'pipe',
      tools,
      ...abort,
    }).catch((e) => e);
    expect(error.code).toBe('PUM_ABORTED');
    expect(abort.pids).toHaveLength(2);
    for (const pid of abort.pids) expect(isRunning(pid)).toBe(false);
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
