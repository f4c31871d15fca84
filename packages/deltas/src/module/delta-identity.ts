/**
 * The identity of a delta in history — version, name and kind, as PUM 0.10 used — with the
 * version in canonical form, so `1.0` and `1.0.0` name the same delta. PUM 0.x also told a Python
 * delta from an SQL one of the same version and name (its `type`: PYTHON or SQL), and ran both:
 * a `.py` path makes an identity of its own.
 */
import { parseVersion, type Version } from '@pum/core';

/** A version in canonical form (`1.0.0` → `1`): trailing zero parts dropped. */
function canonicalVersion(version: string | Version | null | undefined): string {
  if (version === null || version === undefined) return '';
  const parts = [...(typeof version === 'string' ? parseVersion(version) : version).parts];
  while (parts.length > 1 && parts[parts.length - 1] === 0) parts.pop();
  return parts.join('.');
}

/** Whether a file or recorded path is a Python delta (`.py`). */
export function isPythonPath(path: string): boolean {
  return /\.py$/i.test(path);
}

/**
 * The identity of a delta in history: version (compared as a version), name, kind and, given
 * its `path` (file path or recorded path), whether it is Python. Two files or history rows with
 * the same identity are the same delta.
 *
 * @example
 * ```ts
 * deltaIdentity('1.0', 'fill', 'delta') === deltaIdentity('1.0.0', 'fill', 'delta'); // true
 * ```
 */
export function deltaIdentity(
  version: string | Version | null | undefined,
  name: string,
  kind: string,
  path?: string | null,
): string {
  return `${canonicalVersion(version)}|${name}|${kind}${path && isPythonPath(path) ? '|python' : ''}`;
}
