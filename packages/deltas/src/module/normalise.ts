/** File text as checksums see it: no BOM, LF line endings — so a checkout on Windows is not "edited". */
import { createHash } from 'node:crypto';

/** Strip a UTF-8 BOM and turn CRLF and lone CR into LF. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** sha256 (hex) of the normalised text. */
export function checksumOf(text: string): string {
  return createHash('sha256').update(normaliseText(text), 'utf8').digest('hex');
}

/** md5 (hex) of the raw bytes, as PUM 0.x recorded it. */
export function pum0ChecksumOf(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}
