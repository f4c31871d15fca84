/**
 * Compare strings in UTF-8 byte order — the order of `COLLATE "C"` in a UTF-8 database — so a
 * merge in JavaScript agrees with an `ORDER BY … COLLATE "C"` on the server. JavaScript's own
 * `<` compares UTF-16 code units, which differs for characters above U+FFFF.
 */

/** Map a UTF-16 code unit so that code-unit order becomes code-point order. */
function fixup(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * Compare two strings by their UTF-8 bytes: negative, 0 or positive.
 *
 * @example
 * ```ts
 * compareUtf8('\uFFFD', '😀'); // negative: U+FFFD sorts before U+1F600 in UTF-8
 * ```
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}
