/**
 * Finding placeholders and escapes in one stretch of text (code, or the inside of one literal),
 * for each dialect. Which stretches are scanned, and what replaces a match, is decided in
 * `placeholders.ts`.
 */

/** The placeholder syntaxes. */
export type PlaceholderDialect =
  /** PUM 1.x: `{NAME}`; `{{` and `}}` are literal braces. */
  | 'pum1'
  /** PUM 0.x (psycopg): `%(NAME)s`; `%%` is a literal `%`. */
  | 'pum0'
  /** psql: `:NAME`, `:'NAME'` (string literal), `:"NAME"` (identifier). */
  | 'psql';

/** Something found by {@link scanPlaceholders}; offsets into the whole text. */
export type PlaceholderMatch =
  /** `{{`, `}}` or `%%`, to be replaced by `replacement` when escapes are honoured. */
  | { readonly kind: 'escape'; readonly start: number; readonly end: number; readonly replacement: string }
  /** A placeholder of a declared parameter. */
  | { readonly kind: 'placeholder'; readonly start: number; readonly end: number; readonly name: string }
  /** Placeholder syntax around an identifier-like name that is not declared. */
  | { readonly kind: 'unknown'; readonly start: number; readonly end: number; readonly name: string };

/** What {@link scanPlaceholders} found. */
export interface PlaceholderScan {
  readonly matches: PlaceholderMatch[];
  /** `{{`/`}}`/`%%` pairs seen (counted only when escapes are honoured). */
  readonly pairs: number;
  /**
   * Brace (pum1) or percent (pum0) characters that are neither part of a pair nor of a declared
   * placeholder: a file with any of them could not have been formatted by PUM.
   */
  readonly stray: number;
}

const MAX_NAME_LENGTH = 256;

/** A name as PUM users write them: an SQL-style identifier. */
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** psql's `variable_char`: ASCII letters, digits, `_` and any non-ASCII character. @internal */
export const PSQL_VARIABLE = /^[A-Za-z0-9_\u0080-\uffff]+$/;
const PSQL_BARE = /(?<!:):([A-Za-z0-9_\u0080-\uffff]+)/g;

/**
 * Find the placeholders of `dialect` in `text` between `start` and `end`. With `escapes`, pairs
 * (`{{`, `}}`, `%%`) are matched first, left to right, as Python's formatting does, so `{{x}}` is
 * the literal text `{x}`; without, every brace or percent is literal and only a declared
 * placeholder matches. psql has no escapes and only bare `:NAME` is found here (`:'NAME'` and
 * `:"NAME"` span a literal token and are found from the tokens).
 *
 * @example
 * ```ts
 * scanPlaceholders('pum1', 'a {{b}} {SRID}', 0, 14, (n) => n === 'SRID', true).matches.map((m) => m.kind);
 * // ['escape', 'escape', 'placeholder']
 * ```
 */
export function scanPlaceholders(
  dialect: PlaceholderDialect,
  text: string,
  start: number,
  end: number,
  isDeclared: (name: string) => boolean,
  escapes: boolean,
): PlaceholderScan {
  switch (dialect) {
    case 'pum1':
      return scanDelimited(text, start, end, isDeclared, escapes, '{', '}', '{', '}');
    case 'pum0':
      return scanDelimited(text, start, end, isDeclared, escapes, '%', '%', '%(', ')s');
    case 'psql':
      return scanPsql(text, start, end, isDeclared);
  }
}

/**
 * The pum1 and pum0 scanner. `open`/`close` are the characters that escape themselves by
 * doubling; a placeholder is `before` NAME `after`.
 */
function scanDelimited(
  text: string,
  start: number,
  end: number,
  isDeclared: (name: string) => boolean,
  escapes: boolean,
  open: string,
  close: string,
  before: string,
  after: string,
): PlaceholderScan {
  const matches: PlaceholderMatch[] = [];
  let pairs = 0;
  let stray = 0;
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c !== open && c !== close) {
      i++;
      continue;
    }
    if (escapes && i + 1 < end && text[i + 1] === c) {
      matches.push({ kind: 'escape', start: i, end: i + 2, replacement: c });
      pairs++;
      i += 2;
      continue;
    }
    if (text.startsWith(before, i)) {
      const nameStart = i + before.length;
      // Names are short: looking no further keeps a text full of braces linear.
      const window = text.slice(nameStart, Math.min(end, nameStart + MAX_NAME_LENGTH + after.length));
      const nameLength = window.indexOf(after);
      const name = window.slice(0, Math.max(nameLength, 0));
      if (nameLength !== -1 && !name.includes(open)) {
        const nameEnd = nameStart + nameLength;
        const found = { start: i, end: nameEnd + after.length, name };
        if (isDeclared(name)) {
          matches.push({ kind: 'placeholder', ...found });
          i = found.end;
          continue;
        }
        if (PLACEHOLDER_NAME.test(name)) {
          matches.push({ kind: 'unknown', ...found });
          stray++;
          i = found.end;
          continue;
        }
      }
    }
    stray++;
    i++;
  }
  return { matches, pairs, stray };
}

function scanPsql(
  text: string,
  start: number,
  end: number,
  isDeclared: (name: string) => boolean,
): PlaceholderScan {
  const matches: PlaceholderMatch[] = [];
  for (const found of text.slice(start, end).matchAll(PSQL_BARE)) {
    const name = found[1] as string;
    // psql leaves an unset variable as written: `a[1:n]` is a slice unless `n` is a parameter.
    if (isDeclared(name)) {
      const at = start + found.index;
      matches.push({ kind: 'placeholder', start: at, end: at + found[0].length, name });
    }
  }
  return { matches, pairs: 0, stray: 0 };
}
