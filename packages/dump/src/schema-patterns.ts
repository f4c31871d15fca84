/**
 * Schema exclusion, the same on both sides: a pattern is a glob (`*` any run of characters,
 * `?` one character, everything else literal and case-sensitive, as in `@pum/introspect`).
 * pg_dump receives it rewritten as a psql pattern with the literal parts double-quoted, so
 * pg_dump and our restore-time filter select exactly the same schemas.
 */

import { PumError, PumErrorCode } from '@pum/core';

/**
 * A predicate for schema names matching any of `globs`.
 *
 * @example
 * ```ts
 * const excluded = schemaMatcher(['public', 'tiger*']);
 * excluded('tiger_data'); // true
 * excluded('Public'); // false: case-sensitive
 * ```
 */
export function schemaMatcher(globs: readonly string[]): (schema: string) => boolean {
  const patterns = globs.map((glob) => {
    let source = '^';
    for (const ch of glob) {
      source += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
    return new RegExp(`${source}$`, 'su');
  });
  return (schema) => patterns.some((pattern) => pattern.test(schema));
}

/**
 * The psql pattern (for `pg_dump --exclude-schema`) matching the same names as `glob`.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for an empty pattern.
 * @example
 * ```ts
 * psqlPattern('tiger*'); // '"tiger"*'
 * psqlPattern('My "odd".schema'); // '"My ""odd"".schema"'
 * ```
 */
export function psqlPattern(glob: string): string {
  if (glob === '')
    throw new PumError(PumErrorCode.InvalidArgument, 'an excluded schema pattern cannot be empty');
  let out = '';
  let literal = '';
  const flush = () => {
    if (literal !== '') out += `"${literal.replaceAll('"', '""')}"`;
    literal = '';
  };
  for (const ch of glob) {
    if (ch === '*' || ch === '?') {
      flush();
      out += ch;
    } else literal += ch;
  }
  flush();
  return out;
}
