/** Which kind of dump a path holds, from its first bytes (as pg_restore itself decides). */

import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';

/**
 * The kinds of dump {@link restoreDatabase} reads: pg_dump's `custom`, `directory` and `tar`
 * archives (restored by pg_restore), and `plain` SQL scripts (run by psql).
 *
 * @example
 * ```ts
 * const format: ArchiveFormat = detectArchiveFormat('qwat.backup'); // 'custom'
 * ```
 */
export type ArchiveFormat = 'custom' | 'directory' | 'tar' | 'plain';

/**
 * Tell the format of the dump at `file`.
 *
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` when nothing is there, `PUM_INVALID_FILE` for
 *   a directory without `toc.dat` or a compressed file.
 * @example
 * ```ts
 * detectArchiveFormat('/backups/qwat.backup'); // 'custom'
 * ```
 */
export function detectArchiveFormat(file: string): ArchiveFormat {
  if (!existsSync(file)) {
    throw new PumError(PumErrorCode.FileNotFound, `no dump at ${file}`, { details: { file } });
  }
  if (statSync(file).isDirectory()) {
    if (existsSync(path.join(file, 'toc.dat'))) return 'directory';
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${file} is a directory without toc.dat: not a directory-format dump`,
      {
        details: { file },
      },
    );
  }
  const head = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const bytes = head.subarray(0, length);
  if (bytes.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if (bytes.length >= 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new PumError(PumErrorCode.InvalidFile, `${file} is compressed (gzip): decompress it first`, {
      details: { file },
    });
  }
  return 'plain';
}
