/**
 * One side of a comparison: a snapshot file (`*.json`) is loaded, anything else is a
 * connection that is introspected.
 */
import { isAbsolute, resolve } from 'node:path';
import { type IntrospectOptions, introspect, loadSnapshot, type Snapshot } from '@pum/introspect';
import { openConnection } from './connection.js';
import type { CliIo } from './io.js';

/** A snapshot and how to name where it came from. */
export interface LoadedSide {
  snapshot: Snapshot;
  label: string;
}

/** Whether a side argument names a snapshot file rather than a connection. */
export function isSnapshotFile(arg: string): boolean {
  return /\.json$/i.test(arg);
}

/** Load a snapshot file or introspect a connection. */
export async function loadSide(arg: string, io: CliIo, options: IntrospectOptions): Promise<LoadedSide> {
  if (isSnapshotFile(arg)) {
    const path = isAbsolute(arg) ? arg : resolve(io.cwd, arg);
    return { snapshot: await loadSnapshot(path), label: arg };
  }
  const { client, label } = await openConnection(arg, io);
  try {
    return { snapshot: await introspect(client, options), label };
  } finally {
    await client.end().catch(() => {});
  }
}
