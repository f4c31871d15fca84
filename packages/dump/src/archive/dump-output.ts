/**
 * Where pg_dump writes: never the target itself. pg_dump opens (and truncates) its output
 * before it even connects, so a dump that fails — a refused login, a table it may not read
 * half-way, a kill — used to leave an empty or half-written file where the last good backup
 * was. It writes to a temporary file (or directory) beside the target instead, in the same
 * directory so that the final rename is atomic, and that rename happens only once pg_dump
 * succeeded; on failure or abort the temporary is removed and the target is untouched.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { flushDirectory, flushFile, PumError, PumErrorCode, temporaryBeside, writtenPath } from '@pum/core';

/** A dump being written: where pg_dump writes, and how to finish or give up. */
export interface DumpOutput {
  /** The path pg_dump writes to (`--file`): a hidden sibling of the target. */
  readonly temporary: string;
  /** Whether the target existed before (a backup that a failure must leave as it was). */
  readonly replacing: boolean;
  /** Move the finished dump into place (flushed to disk first). */
  commit(): void;
  /** Remove the temporary; the target is left as it was. */
  discard(): void;
}

/**
 * Prepare writing a dump to `target`: check that it can be written and pick the temporary.
 *
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` when the target's directory does not exist,
 *   `PUM_INVALID_ARGUMENT` when the target is a directory for a file format, a file for the
 *   directory format, or a non-empty directory that holds no directory-format dump.
 */
export function prepareDumpOutput(target: string, directory: boolean): DumpOutput {
  // Write through a symbolic link to where it points, as pg_dump would have.
  const real = writtenPath(target);
  const parent = path.dirname(real);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new PumError(PumErrorCode.FileNotFound, `cannot write ${target}: no directory ${parent}`, {
      hint: 'create the directory first, or check the path',
      details: { file: target },
    });
  }
  const replacing = existsSync(real);
  if (replacing) checkReplaceable(target, real, directory);
  const temporary = temporaryBeside(real);
  return {
    temporary,
    replacing,
    commit: () => {
      flush(temporary);
      if (directory && existsSync(real)) replaceDirectory(real, temporary, parent);
      else renameSync(temporary, real);
      flushDirectory(parent);
    },
    discard: () => rmSync(temporary, { recursive: true, force: true }),
  };
}

/** Refuse to replace what is not a dump of the same kind. */
function checkReplaceable(target: string, real: string, directory: boolean): void {
  const isDirectory = statSync(real).isDirectory();
  if (!directory && isDirectory) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `cannot write the dump to ${target}: it is a directory`,
      {
        hint: "name a file, or use the directory format (format: 'directory', pum dump -f directory)",
        details: { file: target },
      },
    );
  }
  if (directory && !isDirectory) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `cannot write a directory-format dump to ${target}: it is a file`,
      {
        hint: 'name a directory that does not exist yet, or a directory-format dump to replace',
        details: { file: target },
      },
    );
  }
  if (directory && readdirSync(real).length > 0 && !existsSync(path.join(real, 'toc.dat'))) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `cannot write a directory-format dump to ${target}: it is a directory that holds something else than a dump`,
      {
        hint: 'name a directory that does not exist yet, an empty one, or a directory-format dump to replace',
        details: { file: target },
      },
    );
  }
}

/**
 * Put the new dump directory in place of the old one. A directory cannot be renamed over a
 * non-empty one: the old one is first moved aside (still whole, under a hidden name), the new
 * one moved in, and only then the old one removed.
 */
function replaceDirectory(real: string, temporary: string, parent: string): void {
  const aside = path.join(parent, `.${path.basename(real)}.pum-old-${randomBytes(6).toString('hex')}`);
  renameSync(real, aside);
  try {
    renameSync(temporary, real);
  } catch (error) {
    renameSync(aside, real);
    throw error;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** Flush a written file, or every file of a written directory, to disk before the rename. */
function flush(file: string): void {
  if (statSync(file).isDirectory()) {
    for (const name of readdirSync(file)) flush(path.join(file, name));
    flushDirectory(file);
  } else flushFile(file);
}
