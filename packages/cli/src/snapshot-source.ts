/**
 * One side of a comparison: a snapshot file (`*.json`) is loaded, anything else is a
 * connection that is introspected.
 */
import { isAbsolute, resolve } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import { type IntrospectOptions, introspect, loadSnapshot, type Snapshot } from '@pum/introspect';
import type pg from 'pg';
import { openConnection } from './connection.js';
import type { CliIo } from './io.js';

/** A snapshot and how to name where it came from; `client` when asked to keep the connection. */
export interface LoadedSide {
  snapshot: Snapshot;
  label: string;
  client?: pg.Client;
}

/** Whether a side argument names a snapshot file rather than a connection. */
export function isSnapshotFile(arg: string): boolean {
  return /\.json$/i.test(arg);
}

/**
 * Load a snapshot file or introspect a connection. With `keepOpen`, the connection stays open
 * and is returned (the caller closes it); a snapshot file is then an error. With `sessions`
 * above 1, the catalog is read over that many connections on one snapshot (as `pum snapshot -j`).
 */
export async function loadSide(
  arg: string,
  io: CliIo,
  options: IntrospectOptions,
  keepOpen = false,
  sessions = 1,
): Promise<LoadedSide> {
  if (isSnapshotFile(arg)) {
    if (keepOpen) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `--data needs two databases, but ${arg} is a snapshot file`,
        {
          hint: 'snapshots hold schemas, not rows: compare data between two connections',
        },
      );
    }
    const path = isAbsolute(arg) ? arg : resolve(io.cwd, arg);
    return { snapshot: await loadSnapshot(path), label: arg };
  }
  const { client, label, resolved } = await openConnection(arg, io);
  let kept = false;
  try {
    const snapshot = await introspect(
      client,
      sessions > 1
        ? { ...options, sessions, connect: async () => (await openConnection(resolved, io)).client }
        : options,
    );
    kept = keepOpen;
    return keepOpen ? { snapshot, label, client } : { snapshot, label };
  } finally {
    if (!kept) await client.end().catch(() => {});
  }
}

/**
 * The two sides of a comparison (`check`, `diff`): the first and second given by flags (PUM
 * 0.x `-p1`/`-p2`, the PUM 1.x global `-p`), the rest from positionals, in order.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when there are fewer or more than two, or when
 * one is a dump file.
 */
export function twoSides(
  command: string,
  positionals: readonly string[],
  given: { first?: string | undefined; second?: string | undefined } = {},
): [string, string] {
  const queue = [...positionals];
  const from = given.first ?? queue.shift();
  const to = given.second ?? queue.shift();
  if (from === undefined || to === undefined || queue.length > 0) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      queue.length > 0
        ? `${command} compares two sides, got ${positionals.length + 2 - queue.length}`
        : `${command} needs two sides to compare`,
      {
        hint: `pum ${command} <from> <to>, each a connection (URL, conninfo, service name) or a snapshot file (*.json)`,
      },
    );
  }
  for (const side of [from, to]) {
    if (isDumpFile(side))
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `${side} is a dump file, not a side: ${command} compares databases and snapshot files (*.json)`,
        {
          hint: `restore it into a database first (pum restore --db DATABASE ${side}), then compare that database or a pum snapshot of it`,
        },
      );
  }
  return [from, to];
}

/** Whether a side argument names a dump or backup file (`*.backup`, `*.dump`…), which no comparison reads. */
export function isDumpFile(arg: string): boolean {
  return (
    /\.(backup|dump|bak|tar|sql|sql\.gz)$/i.test(arg) &&
    !arg.includes('=') &&
    !/^postgres(ql)?:\/\//i.test(arg)
  );
}
