/**
 * A lexer that knows, as PostgreSQL's own scanner does, which parts of an SQL text are code and
 * which are literals, quoted identifiers or comments. It does not parse: keywords, numbers and
 * operators stay plain `code`/`word` tokens. It assumes `standard_conforming_strings = on` (the
 * default since PostgreSQL 9.1, and what pg_dump writes): backslashes are escapes only in
 * `E'…'` strings.
 */

import { PumError, PumErrorCode } from '@pum/core';
import { formatLocation, positionOf } from './position.js';

/** What a token is. */
export type SqlTokenKind =
  /** Anything else outside literals: whitespace, numbers, operators, punctuation. */
  | 'code'
  /** A keyword or unquoted identifier (`select`, `ST_SetSRID`, `foo$bar`). */
  | 'word'
  /** A positional parameter such as `$1`. */
  | 'param'
  /** A top-level `;`. */
  | 'semicolon'
  /** A string literal in any form: `'…'`, `E'…'`, `U&'…'`, `B'…'`, `X'…'`, `N'…'`. */
  | 'string'
  /** A double-quoted identifier: `"…"` or `U&"…"`. */
  | 'identifier'
  /** A dollar-quoted string: `$$…$$` or `$tag$…$tag$`. */
  | 'dollar'
  /** A `--` line comment (without its newline) or a nesting block comment. */
  | 'comment'
  /**
   * A psql backslash meta-command (`\i file`, `\set x 1`, `\gset`), up to the end of its line.
   * SQL itself has no backslash outside literals, so the server cannot run these: callers refuse
   * them.
   */
  | 'meta';

/** A token without extra data. */
export interface SqlPlainToken {
  readonly kind: 'code' | 'word' | 'param' | 'semicolon' | 'comment' | 'meta';
  /** Offset of the first character (UTF-16 index into the text). */
  readonly start: number;
  /** Offset just after the last character. */
  readonly end: number;
}

/** A string literal or a double-quoted identifier. */
export interface SqlQuotedToken {
  readonly kind: 'string' | 'identifier';
  readonly start: number;
  readonly end: number;
  /**
   * The prefix before the opening quote, as written: `''`, `E`/`e` (backslash escapes), `U&`/`u&`
   * (unicode escapes), `B`/`b`, `X`/`x` or `N`/`n`.
   */
  readonly prefix: string;
}

/** A dollar-quoted string. */
export interface SqlDollarToken {
  readonly kind: 'dollar';
  readonly start: number;
  readonly end: number;
  /** The tag between the dollars, `''` for `$$`; case-sensitive. */
  readonly tag: string;
}

/** One token of {@link lexSql}. Tokens cover the text exactly, in order, without gaps. */
export type SqlToken = SqlPlainToken | SqlQuotedToken | SqlDollarToken;

/** Options of {@link lexSql}. */
export interface LexOptions {
  /** A file name for error messages (`file.sql:3:7`). */
  readonly source?: string | undefined;
}

/**
 * Split SQL text into tokens that say exactly where code is and where it is not. Throws a
 * `PUM_INVALID_FILE` {@link PumError} with line and column for an unterminated string, quoted
 * identifier, dollar quote or block comment.
 *
 * @example
 * ```ts
 * lexSql("SELECT 'a;b'; -- done").map((t) => t.kind);
 * // ['word', 'code', 'string', 'semicolon', 'code', 'comment']
 * ```
 */
export function lexSql(text: string, options: LexOptions = {}): SqlToken[] {
  return lexRange(text, 0, text.length, options.source);
}

/**
 * The content between the quotes of a string, identifier or dollar-quoted token (for other
 * tokens, the whole token).
 *
 * @example
 * ```ts
 * const [token] = lexSql("E'it\\'s'");
 * const { start, end } = contentRange(token!); // "it\\'s"
 * ```
 */
export function contentRange(token: SqlToken): { start: number; end: number } {
  switch (token.kind) {
    case 'string':
    case 'identifier':
      return { start: token.start + token.prefix.length + 1, end: token.end - 1 };
    case 'dollar':
      return { start: token.start + token.tag.length + 2, end: token.end - token.tag.length - 2 };
    default:
      return { start: token.start, end: token.end };
  }
}

const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const DOLLAR = 0x24;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const MINUS = 0x2d;
const SEMICOLON = 0x3b;
const AMPERSAND = 0x26;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** PostgreSQL's `ident_start`: a letter, `_`, or any non-ASCII character. */
function isIdentStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}

/** `dolq_cont`: what may follow the first character of a dollar-quote tag. */
function isTagChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/**
 * Lex `text` from `start` to `end` (tokens carry offsets into the whole text). Used on whole files
 * and, by the placeholder code, on the body of a dollar quote.
 *
 * @example
 * ```ts
 * const text = "DO $$ SELECT ';' $$";
 * lexRange(text, 5, 17).map((t) => t.kind); // ['code', 'word', 'code', 'string', 'code']
 * ```
 * @internal
 */
export function lexRange(text: string, start: number, end: number, source?: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let codeStart = -1;
  const push = (token: SqlToken): void => {
    if (codeStart !== -1) tokens.push({ kind: 'code', start: codeStart, end: token.start });
    codeStart = -1;
    tokens.push(token);
  };
  const fail = (message: string, offset: number): never => {
    const position = positionOf(text, offset);
    throw new PumError(PumErrorCode.InvalidFile, `${message} at ${formatLocation(source, position)}`, {
      details: { source, line: position.line, column: position.column, offset },
    });
  };
  const at = (offset: number): number => (offset < end ? text.charCodeAt(offset) : -1);

  /** Offset after the closing quote of a literal whose content starts at `from`. */
  const closeQuoted = (open: number, from: number, quote: number, backslashes: boolean): number => {
    for (let j = from; j < end; j++) {
      const c = text.charCodeAt(j);
      if (backslashes && c === BACKSLASH) j++;
      else if (c === quote) {
        if (at(j + 1) !== quote) return j + 1;
        j++;
      }
    }
    return fail(quote === QUOTE ? 'unterminated quoted string' : 'unterminated quoted identifier', open);
  };

  const closeBlockComment = (open: number): number => {
    let depth = 1;
    let j = open + 2;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === SLASH && at(j + 1) === STAR) {
        depth++;
        j += 2;
      } else if (c === STAR && at(j + 1) === SLASH) {
        j += 2;
        if (--depth === 0) return j;
      } else j++;
    }
    return fail('unterminated /* comment', open);
  };

  /** Offset after an opening `$tag$` at `open`, or -1 when there is none. */
  const openingTagEnd = (open: number): number => {
    let j = open + 1;
    if (isIdentStart(at(j))) {
      j++;
      while (isTagChar(at(j))) j++;
    }
    return at(j) === DOLLAR ? j + 1 : -1;
  };

  let i = start;
  if (i === 0 && text.charCodeAt(0) === 0xfeff) {
    codeStart = 0;
    i = 1;
  }
  while (i < end) {
    const c = text.charCodeAt(i);
    const next = at(i + 1);
    if (c === QUOTE) {
      const close = closeQuoted(i, i + 1, QUOTE, false);
      push({ kind: 'string', start: i, end: close, prefix: '' });
      i = close;
    } else if (c === DOUBLE_QUOTE) {
      const close = closeQuoted(i, i + 1, DOUBLE_QUOTE, false);
      push({ kind: 'identifier', start: i, end: close, prefix: '' });
      i = close;
    } else if (c === MINUS && next === MINUS) {
      let j = i + 2;
      while (j < end && text.charCodeAt(j) !== NEWLINE && text.charCodeAt(j) !== RETURN) j++;
      push({ kind: 'comment', start: i, end: j });
      i = j;
    } else if (c === SLASH && next === STAR) {
      const close = closeBlockComment(i);
      push({ kind: 'comment', start: i, end: close });
      i = close;
    } else if (c === SEMICOLON) {
      push({ kind: 'semicolon', start: i, end: i + 1 });
      i++;
    } else if (c === BACKSLASH) {
      let j = i + 1;
      while (j < end && text.charCodeAt(j) !== NEWLINE && text.charCodeAt(j) !== RETURN) j++;
      push({ kind: 'meta', start: i, end: j });
      i = j;
    } else if (c === DOLLAR && isDigit(next)) {
      let j = i + 2;
      while (isDigit(at(j))) j++;
      push({ kind: 'param', start: i, end: j });
      i = j;
    } else if (c === DOLLAR && openingTagEnd(i) !== -1) {
      const bodyStart = openingTagEnd(i);
      const delimiter = text.slice(i, bodyStart);
      const close = text.indexOf(delimiter, bodyStart);
      if (close === -1 || close + delimiter.length > end) {
        fail(`unterminated dollar-quoted string ${delimiter}`, i);
      }
      push({ kind: 'dollar', start: i, end: close + delimiter.length, tag: delimiter.slice(1, -1) });
      i = close + delimiter.length;
    } else if (isIdentStart(c)) {
      // Identifiers take `$` too, so `foo$$` is one word, as in PostgreSQL.
      let j = i + 1;
      while (j < end && (isTagChar(text.charCodeAt(j)) || text.charCodeAt(j) === DOLLAR)) j++;
      const prefixed = j === i + 1 ? prefixedLiteral(c, at(j), at(j + 1)) : undefined;
      if (prefixed === 'escape' || prefixed === 'plain') {
        const close = closeQuoted(i, j + 1, QUOTE, prefixed === 'escape');
        push({ kind: 'string', start: i, end: close, prefix: text.slice(i, j) });
        i = close;
      } else if (prefixed === 'unicode') {
        const quote = text.charCodeAt(j + 1);
        const close = closeQuoted(i, j + 2, quote, false);
        push({
          kind: quote === QUOTE ? 'string' : 'identifier',
          start: i,
          end: close,
          prefix: text.slice(i, j + 1),
        });
        i = close;
      } else {
        push({ kind: 'word', start: i, end: j });
        i = j;
      }
    } else {
      if (codeStart === -1) codeStart = i;
      i++;
    }
  }
  if (codeStart !== -1) tokens.push({ kind: 'code', start: codeStart, end });
  return tokens;
}

/** Whether a one-letter word `letter` followed by `next`, `after` opens a prefixed literal. */
function prefixedLiteral(
  letter: number,
  next: number,
  after: number,
): 'escape' | 'plain' | 'unicode' | undefined {
  const lower = letter | 0x20;
  if (next === QUOTE) {
    if (lower === 0x65) return 'escape'; // E'…'
    if (lower === 0x62 || lower === 0x78 || lower === 0x6e) return 'plain'; // B'…' X'…' N'…'
  }
  if (lower === 0x75 && next === AMPERSAND && (after === QUOTE || after === DOUBLE_QUOTE)) return 'unicode';
  return undefined;
}
