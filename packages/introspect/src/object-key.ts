/**
 * Stable object keys: how an object is named across databases, never by OID. The same key
 * on both sides of a comparison means "the same object", so DB-vs-DB and DB-vs-snapshot
 * comparisons share one code path.
 *
 * A part is written bare when PostgreSQL would not quote it (lower case, digits, `_`, `$`,
 * not starting with a digit), else double-quoted with inner quotes doubled — so keys stay
 * readable (`table:public.pipes`) and unambiguous (`table:"my.schema"."T"`).
 */

const BARE = /^[a-z_][a-z0-9_$]*$/;

/** Write one name the way it appears in a key. */
export function keyPart(name: string): string {
  return BARE.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/**
 * Build the key of an object of `kind` from its qualified name parts.
 *
 * @example
 * ```ts
 * objectKey('column', 'qwat_od', 'pipe', 'geometry'); // 'column:qwat_od.pipe.geometry'
 * objectKey('table', 'My Schema', 'T'); // 'table:"My Schema"."T"'
 * ```
 */
export function objectKey(kind: string, ...parts: readonly string[]): string {
  return `${kind}:${parts.map(keyPart).join('.')}`;
}
