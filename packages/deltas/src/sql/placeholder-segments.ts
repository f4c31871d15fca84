/**
 * Cutting an SQL text into the stretches where placeholders are looked for, each with what a
 * value must look like there. Dollar-quoted bodies that lex as SQL are cut the same way, one
 * level down (a function body is code with its own strings); bodies that do not are scanned
 * whole.
 */

import { contentRange, lexRange, type SqlQuotedToken, type SqlToken } from './lexer.js';
import { type PlaceholderDialect, PSQL_VARIABLE } from './placeholder-scan.js';

/** A stretch of the text, by what is allowed in it. Segments cover the text, in order. */
export type Segment =
  /** Copied as it is: comments, meta-commands, quotes and dollar tags, psql literals. */
  | { readonly kind: 'verbatim'; readonly start: number; readonly end: number }
  /**
   * Code, where a value is written as an SQL literal. `top` is false inside a dollar-quoted body,
   * where an unknown placeholder is left alone instead of being an error.
   */
  | { readonly kind: 'code'; readonly start: number; readonly end: number; readonly top: boolean }
  /** The inside of a string literal or quoted identifier, where a value is written raw. */
  | {
      readonly kind: 'quoted';
      readonly start: number;
      readonly end: number;
      /** The quote character to double in a value. */
      readonly quote: "'" | '"';
      /** Backslashes must be doubled too (`E'…'`, `U&'…'`, `U&"…"`). */
      readonly backslashes: boolean;
      /** A `U&` literal followed by `UESCAPE`: its escape character is unknown here. */
      readonly uescape: boolean;
    }
  /** psql `:'NAME'` or `:"NAME"`, colon included. */
  | {
      readonly kind: 'psql-variable';
      readonly start: number;
      readonly end: number;
      readonly name: string;
      readonly quoting: 'literal' | 'identifier';
    };

/** The content of a dollar-quoted string (between its tags). */
export interface DollarBody {
  readonly start: number;
  readonly end: number;
  readonly tag: string;
}

/** What {@link segmentSql} found. */
export interface Segmentation {
  readonly segments: Segment[];
  readonly bodies: DollarBody[];
}

/**
 * Cut `tokens` (a lexed `text`) into segments for `dialect`. psql looks only at code, as psql does;
 * the PUM dialects also look inside literals, quoted identifiers and dollar-quoted bodies, as
 * PUM's whole-file formatting did. Comments are never looked at.
 *
 * @example
 * ```ts
 * segmentSql("SELECT '{A}' -- {B}", lexSql("SELECT '{A}' -- {B}"), 'pum1').segments.map((s) => s.kind);
 * // ['code', 'verbatim', 'quoted', 'verbatim', 'code', 'verbatim']
 * ```
 */
export function segmentSql(
  text: string,
  tokens: readonly SqlToken[],
  dialect: PlaceholderDialect,
): Segmentation {
  const segments: Segment[] = [];
  const bodies: DollarBody[] = [];

  const add = (segment: Segment): void => {
    if (segment.start === segment.end) return;
    // Adjacent code is joined, since a placeholder spans several code tokens (`{`, `SRID`, `}`).
    // Nothing else is, so a dollar body always starts and ends on a segment boundary.
    const last = segments.at(-1);
    if (
      last?.kind === 'code' &&
      segment.kind === 'code' &&
      last.end === segment.start &&
      last.top === segment.top
    ) {
      segments[segments.length - 1] = { ...last, end: segment.end };
    } else {
      segments.push(segment);
    }
  };
  const verbatim = (start: number, end: number): void => add({ kind: 'verbatim', start, end });

  /** psql `:'NAME'`/`:"NAME"`: the colon is the last character of the code before the token. */
  const psqlVariable = (token: SqlQuotedToken): boolean => {
    const last = segments.at(-1);
    if (token.prefix !== '' || last?.kind !== 'code' || !last.top || last.end !== token.start) return false;
    if (text[token.start - 1] !== ':' || text[token.start - 2] === ':') return false;
    const name = text.slice(token.start + 1, token.end - 1);
    if (!PSQL_VARIABLE.test(name)) return false;
    segments.pop();
    add({ ...last, end: last.end - 1 });
    segments.push({
      kind: 'psql-variable',
      start: token.start - 1,
      end: token.end,
      name,
      quoting: token.kind === 'string' ? 'literal' : 'identifier',
    });
    return true;
  };

  const walk = (list: readonly SqlToken[], top: boolean): void => {
    list.forEach((token, index) => {
      switch (token.kind) {
        case 'code':
        case 'word':
        case 'param':
        case 'semicolon':
          add({ kind: 'code', start: token.start, end: token.end, top });
          return;
        case 'comment':
        case 'meta':
          verbatim(token.start, token.end);
          return;
        case 'string':
        case 'identifier': {
          if (dialect === 'psql') {
            if (!psqlVariable(token)) verbatim(token.start, token.end);
            return;
          }
          const inner = contentRange(token);
          const unicode = token.prefix.length === 2;
          verbatim(token.start, inner.start);
          add({
            kind: 'quoted',
            start: inner.start,
            end: inner.end,
            quote: token.kind === 'string' ? "'" : '"',
            backslashes: unicode || token.prefix.toLowerCase() === 'e',
            uescape: unicode && followedByUescape(text, list, index),
          });
          verbatim(inner.end, token.end);
          return;
        }
        case 'dollar': {
          const inner = contentRange(token);
          verbatim(token.start, inner.start);
          if (dialect === 'psql') {
            verbatim(inner.start, inner.end);
          } else {
            const body = lexBody(text, inner.start, inner.end);
            if (body === undefined) add({ kind: 'code', start: inner.start, end: inner.end, top: false });
            else walk(body, false);
            bodies.push({ start: inner.start, end: inner.end, tag: token.tag });
          }
          verbatim(inner.end, token.end);
          return;
        }
      }
    });
  };

  walk(tokens, true);
  return { segments, bodies };
}

/** The tokens of a dollar-quoted body when it reads as SQL, `undefined` when it does not. */
function lexBody(text: string, start: number, end: number): SqlToken[] | undefined {
  try {
    const tokens = lexRange(text, start, end);
    return tokens.some((token) => token.kind === 'meta') ? undefined : tokens;
  } catch {
    return undefined;
  }
}

/** Whether the token at `index` is followed (past whitespace and comments) by `UESCAPE`. */
function followedByUescape(text: string, tokens: readonly SqlToken[], index: number): boolean {
  for (let i = index + 1; i < tokens.length; i++) {
    const token = tokens[i] as SqlToken;
    const slice = text.slice(token.start, token.end);
    if (token.kind === 'comment' || (token.kind === 'code' && slice.trim() === '')) continue;
    return token.kind === 'word' && slice.toLowerCase() === 'uescape';
  }
  return false;
}
