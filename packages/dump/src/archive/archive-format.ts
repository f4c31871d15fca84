/**
 * Which kind of dump a path holds, from its first bytes (as pg_restore itself decides), and
 * refusing what is no dump at all — an empty file (what a failed `pg_dump` used to leave
 * behind) or a file that is neither a pg_dump archive nor SQL text — before anything runs.
 */

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

/** What every refusal says is accepted. */
const ACCEPTED =
  "pum restores pg_dump's custom (-Fc, the default of pum dump), directory (-Fd) and tar (-Ft) archives, and plain SQL scripts (-Fp)";

// A plain script is read this far to find its first statement (a long comment header).
const SCAN_BYTES = 64 * 1024;

/**
 * Tell the format of the dump at `file`.
 *
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` when nothing is there, `PUM_INVALID_FILE` for
 *   an empty file, a directory without `toc.dat`, a compressed file, or a file that is neither
 *   an archive nor SQL text (binary data, a text without any SQL statement).
 * @example
 * ```ts
 * detectArchiveFormat('/backups/qwat.backup'); // 'custom'
 * ```
 */
export function detectArchiveFormat(file: string): ArchiveFormat {
  if (!existsSync(file)) {
    throw new PumError(PumErrorCode.FileNotFound, `no dump at ${file}`, { details: { file } });
  }
  const stat = statSync(file);
  if (stat.isDirectory()) {
    if (existsSync(path.join(file, 'toc.dat'))) return 'directory';
    throw notADump(file, 'is a directory without toc.dat: not a directory-format dump');
  }
  if (stat.size === 0) throw notADump(file, 'is empty (0 bytes): not a dump');
  const bytes = readHead(file, Math.min(stat.size, SCAN_BYTES));
  if (bytes.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if (bytes.length >= 262 && bytes.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new PumError(PumErrorCode.InvalidFile, `${file} is compressed (gzip): decompress it first`, {
      hint: ACCEPTED,
      details: { file },
    });
  }
  const start = firstStatement(bytes);
  if (start === 'binary') throw notADump(file, 'holds binary data: neither a pg_dump archive nor SQL text');
  if (start === 'none' && bytes.length === stat.size) {
    throw notADump(file, 'holds no SQL statement (only blanks and comments): not a dump');
  }
  if (start !== 'none' && !/^[\p{L}_(\\]/u.test(start)) {
    throw notADump(
      file,
      `is neither a pg_dump archive nor SQL text (it starts with ${JSON.stringify(start.slice(0, 20))})`,
    );
  }
  return 'plain';
}

/** The error for a file that holds no dump. */
function notADump(file: string, what: string): PumError {
  return new PumError(PumErrorCode.InvalidFile, `${file} ${what}`, { hint: ACCEPTED, details: { file } });
}

/** The first `length` bytes of `file`. */
function readHead(file: string, length: number): Buffer {
  const head = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Where the first statement of an SQL text starts (blanks, `--` and `/* *\/` comments and a
 * byte order mark skipped): its first characters, `none` when the bytes hold none, `binary`
 * when they are no text.
 */
function firstStatement(bytes: Buffer): string {
  if (bytes.includes(0)) return 'binary';
  // Latin-1 scripts are text too: only NUL bytes (UTF-16, images, other archives) say binary.
  const text = bytes.toString('latin1').replace(/^\u00EF\u00BB\u00BF/, '');
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const blank = /^\s+/.exec(rest);
    if (blank) at += blank[0].length;
    else if (rest.startsWith('--')) {
      const end = rest.indexOf('\n');
      at = end === -1 ? text.length : at + end + 1;
    } else if (rest.startsWith('/*')) {
      const end = rest.indexOf('*/');
      at = end === -1 ? text.length : at + end + 2;
    } else return rest.slice(0, 40);
  }
  return 'none';
}
