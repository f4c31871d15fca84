/**
 * Offsets in SQL text as editors show them: 1-based line and column. `\r\n`, `\n` and a lone
 * `\r` each end a line (PostgreSQL treats `\r` as a newline too); columns count code points, and
 * a byte-order mark at the start of the file is not counted.
 */

/** A place in a text, 1-based, as an editor shows it. */
export interface SourcePosition {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, in code points (an emoji is one column). */
  readonly column: number;
}

/**
 * The line and column of `offset` (a UTF-16 index into `text`). Scans from the start: for many
 * look-ups in one text use {@link lineLocator}.
 *
 * @example
 * ```ts
 * positionOf('SELECT 1;\r\nSELECT 2;', 11); // { line: 2, column: 1 }
 * ```
 */
export function positionOf(text: string, offset: number): SourcePosition {
  return lineLocator(text)(offset);
}

/**
 * A function that turns offsets into positions, after one pass over `text` to find where lines
 * start; each look-up is then a binary search.
 *
 * @example
 * ```ts
 * const locate = lineLocator('a;\nb;\nc;');
 * locate(3); // { line: 2, column: 1 }
 * locate(7); // { line: 3, column: 2 }
 * ```
 */
export function lineLocator(text: string): (offset: number) => SourcePosition {
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= at) low = middle;
      else high = middle - 1;
    }
    const lineStart = Math.min(starts[low] as number, at);
    let column = 1;
    for (let i = lineStart; i < at; i++) {
      // The second half of a surrogate pair does not start a new column.
      if (!isLowSurrogate(text.charCodeAt(i)) || !isHighSurrogate(text.charCodeAt(i - 1))) column++;
    }
    return { line: low + 1, column };
  };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * `source:line:column` when a source name is known, `line L, column C` otherwise — the way pum
 * points into SQL files in messages.
 *
 * @example
 * ```ts
 * formatLocation('changelogs/1.0.0/01.sql', { line: 3, column: 7 }); // 'changelogs/1.0.0/01.sql:3:7'
 * formatLocation(undefined, { line: 3, column: 7 }); // 'line 3, column 7'
 * ```
 */
export function formatLocation(source: string | undefined, position: SourcePosition): string {
  return source === undefined || source === ''
    ? `line ${position.line}, column ${position.column}`
    : `${source}:${position.line}:${position.column}`;
}
