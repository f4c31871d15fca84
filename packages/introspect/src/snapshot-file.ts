/**
 * Snapshot files: deterministic JSON (two-space indent, fixed key order, trailing newline),
 * validated when read. An unknown format version or a corrupt file is a clear error that names
 * the file.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PumError, PumErrorCode, replaceFile } from '@pum/core';
import { snapshotJsonChunks } from './canonical-json.js';
import {
  KINDS_ADDED_IN_FORMAT_1,
  SNAPSHOT_FORMAT_VERSION,
  type Snapshot,
  SnapshotSchema,
} from './snapshot.js';

/**
 * Serialise a snapshot to its canonical JSON text: the same snapshot always gives the same
 * bytes, whatever order its objects or their fields were built in.
 *
 * @example
 * ```ts
 * const text = serializeSnapshot(snapshot);
 * ```
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  return [...inPiecesOf(snapshotJsonChunks(snapshot), PIECE_CHARS)].join('');
}

/** Characters per write of a snapshot file: few system calls, little memory. */
const PIECE_CHARS = 1 << 16;

/** `chunks` joined into pieces of at least `size` characters (the last may be shorter). */
function* inPiecesOf(chunks: Iterable<string>, size: number): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/**
 * Validate `data` (e.g. from `JSON.parse`) as a snapshot.
 *
 * @param source - what to name in error messages (a file path), default `snapshot`.
 * @throws {@link PumError} `PUM_INVALID_FILE` naming the source, the format version or the
 *   first invalid field.
 * @example
 * ```ts
 * const snapshot = parseSnapshot(JSON.parse(text), 'prod.json');
 * ```
 */
export function parseSnapshot(data: unknown, source = 'snapshot'): Snapshot {
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== 'pum-snapshot') {
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${source} is not a pum snapshot (no "format": "pum-snapshot")`,
      {
        hint: 'create snapshots with `pum snapshot` or saveSnapshot()',
        details: { source },
      },
    );
  }
  const version = (data as { formatVersion?: unknown }).formatVersion;
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    const newer = typeof version === 'number' && version > SNAPSHOT_FORMAT_VERSION;
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${source} has snapshot format version ${JSON.stringify(version)}; this pum reads version ${SNAPSHOT_FORMAT_VERSION}`,
      {
        hint: newer ? 'upgrade pum to read snapshots written by a newer version' : 'take the snapshot again',
        details: { source, formatVersion: version },
      },
    );
  }
  const result = SnapshotSchema.safeParse(withLaterKinds(data as Record<string, unknown>));
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${source} is not a valid snapshot: ${path}: ${issue?.message}`,
      {
        hint: 'the file was edited or truncated; take the snapshot again',
        details: { source, path },
      },
    );
  }
  return result.data;
}

/** `data` with the kinds added after the file was written filled in as empty. */
function withLaterKinds(data: Record<string, unknown>): unknown {
  const objects = data.objects;
  if (typeof objects !== 'object' || objects === null || Array.isArray(objects)) return data;
  const missing = KINDS_ADDED_IN_FORMAT_1.filter((kind) => !(kind in objects));
  if (missing.length === 0) return data;
  return { ...data, objects: { ...objects, ...Object.fromEntries(missing.map((kind) => [kind, []])) } };
}

/**
 * Write a snapshot to `path` as canonical JSON. The file is written beside `path` under a hidden
 * name and renamed over it once complete: a failure (a full disk, a kill) never leaves a
 * truncated snapshot where a good one was.
 *
 * @example
 * ```ts
 * await saveSnapshot(snapshot, 'qwat-1.3.0.json');
 * ```
 */
export async function saveSnapshot(snapshot: Snapshot, path: string): Promise<void> {
  // Streamed a megabyte at a time: memory stays near the snapshot's own size, with few writes.
  await replaceFile(path, (temporary) =>
    pipeline(
      Readable.from(inPiecesOf(snapshotJsonChunks(snapshot), PIECE_CHARS)),
      createWriteStream(temporary, 'utf8'),
    ),
  );
}

/**
 * Read and validate a snapshot file.
 *
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` when the file cannot be read, `PUM_INVALID_FILE`
 *   when it is not JSON or not a valid snapshot.
 * @example
 * ```ts
 * const reference = await loadSnapshot('qwat-1.3.0.json');
 * ```
 */
export async function loadSnapshot(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PumError(
      PumErrorCode.FileNotFound,
      `cannot read snapshot file ${path}: ${(error as Error).message}`,
      {
        cause: error,
        details: { source: path },
      },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PumError(PumErrorCode.InvalidFile, `${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
      hint: 'the file was edited or truncated; take the snapshot again',
      details: { source: path },
    });
  }
  return parseSnapshot(data, path);
}
