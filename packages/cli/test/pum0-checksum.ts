/** PUM 0.10's checksum of a delta file, as its upgrades table records it. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The MD5 hex digest of the bytes of the file at `path` (PUM 0.10's `checksum` column). */
export function pum0Checksum(path: string): string {
  return createHash('md5').update(readFileSync(path)).digest('hex');
}
