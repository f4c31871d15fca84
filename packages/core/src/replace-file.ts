/**
 * Writing a file so that it is never seen half-written: the content goes to a hidden temporary
 * file beside the target (same directory, so the final rename is atomic), is flushed to disk,
 * and only then renamed over the target. A failure, a full disk or a kill before the rename
 * leaves the target as it was (a kill may leave the hidden temporary behind, never a truncated
 * target).
 */

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, openSync, realpathSync, statSync } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Where a write to `target` really goes: through a symbolic link to the file it points to (as
 * writing the link's path in place would have), else `target` itself.
 */
export function writtenPath(target: string): string {
  return existsSync(target) && lstatSync(target).isSymbolicLink() ? realpathSync(target) : target;
}

/**
 * A hidden, unique path beside `real` for its new content: `.<name>.pum-tmp-<random>` in the
 * same directory.
 */
export function temporaryBeside(real: string): string {
  return path.join(path.dirname(real), `.${path.basename(real)}.pum-tmp-${randomBytes(6).toString('hex')}`);
}

/** Flush a written file's content to disk (before it is renamed into place). */
export function flushFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flush a directory's entries (a rename in it); skipped where directories cannot be opened. */
export function flushDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open directories: its rename is durable enough for NTFS.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replace the file `target` with what `write` writes to the temporary path it is given. Only
 * when `write` resolves is the temporary flushed and renamed over `target` (keeping the permissions
 * of a file it replaces); when it rejects, the temporary is removed and the error rethrown,
 * `target` untouched.
 *
 * @example
 * ```ts
 * await replaceFile('check.html', (temporary) => writeFile(temporary, html, 'utf8'));
 * ```
 */
export async function replaceFile(
  target: string,
  write: (temporary: string) => Promise<void>,
): Promise<void> {
  const real = writtenPath(target);
  const temporary = temporaryBeside(real);
  const replacedMode = existsSync(real) ? statSync(real).mode & 0o7777 : undefined;
  try {
    await write(temporary);
    if (replacedMode !== undefined) await chmod(temporary, replacedMode);
    flushFile(temporary);
    await rename(temporary, real);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
  flushDirectory(path.dirname(real));
}
