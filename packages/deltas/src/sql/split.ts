/**
 * Splitting an SQL file into statements, for the cases where it cannot be sent whole (statements
 * that refuse a transaction block, per-statement progress). Boundaries come from the lexer, so a
 * `;` inside a string, dollar quote, quoted identifier or comment never ends a statement.
 */

import { type LexOptions, lexSql, type SqlToken } from './lexer.js';
import { lineLocator } from './position.js';

/** One statement of an SQL text. */
export interface Statement {
  /** The statement, from its first token that is not a comment through its `;` (when it has one). */
  readonly text: string;
  /** Offset of `text` in the whole text. */
  readonly start: number;
  /** Offset just after `text`. */
  readonly end: number;
  /** 1-based line where the statement starts. */
  readonly line: number;
  /** 1-based column where the statement starts. */
  readonly column: number;
}

/** Options of {@link splitStatements}. */
export type SplitOptions = LexOptions;

/**
 * Split SQL text at its top-level semicolons. A semicolon does not end a statement inside
 * parentheses (`CREATE RULE … DO (INSERT …; INSERT …)`) or inside the `BEGIN ATOMIC … END` body of
 * an SQL-standard `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (PostgreSQL 14+), where `CASE … END`
 * is counted too. Empty and comment-only statements are skipped; comments before a statement are
 * not part of it. Throws like {@link lexSql} on unterminated literals and comments.
 *
 * @example
 * ```ts
 * splitStatements("-- set up\nCREATE TABLE t (a text DEFAULT ';');\nINSERT INTO t VALUES ('x');");
 * // [{ text: "CREATE TABLE t (a text DEFAULT ';');", start: 10, end: 46, line: 2, column: 1 },
 * //  { text: "INSERT INTO t VALUES ('x');", start: 47, end: 74, line: 3, column: 1 }]
 * ```
 */
export function splitStatements(text: string, options: SplitOptions = {}): Statement[] {
  return scanStatements(text, options).statements;
}

/** The statements of an SQL text, and how the text ends. */
export interface StatementScan {
  statements: Statement[];
  /**
   * The text ends inside parentheses or a `BEGIN ATOMIC` body: whatever would be appended to it
   * would belong to its last statement. (An unterminated literal or comment is an error.)
   */
  endsOpen: boolean;
}

/**
 * {@link splitStatements}, also telling whether the text ends inside parentheses or a
 * `BEGIN ATOMIC` body. `tokens`, when given, are those of {@link lexSql} for `text` (so a caller
 * that lexed it already does not lex it twice).
 *
 * @example
 * ```ts
 * scanStatements('SELECT 1; SELECT (2').endsOpen; // true
 * scanStatements('SELECT 1 -- no semicolon, no newline').endsOpen; // false
 * ```
 */
export function scanStatements(
  text: string,
  options: SplitOptions = {},
  tokens: readonly SqlToken[] = lexSql(text, options),
): StatementScan {
  const locate = lineLocator(text);
  const statements: Statement[] = [];
  let first = -1;
  let last = -1;
  let parentheses = 0;
  let atomic = 0;
  let leadingWords: string[] = [];
  let previousWord = '';

  const finish = (end: number): void => {
    if (first !== -1) {
      const { line, column } = locate(first);
      statements.push({ text: text.slice(first, end), start: first, end, line, column });
    }
    first = -1;
    parentheses = 0;
    atomic = 0;
    leadingWords = [];
    previousWord = '';
  };

  for (const token of tokens) {
    if (token.kind === 'comment') continue;
    const slice = text.slice(token.start, token.end);
    if (token.kind === 'code') {
      if (slice.trim() === '') continue;
      for (const c of slice) {
        if (c === '(') parentheses++;
        else if (c === ')' && parentheses > 0) parentheses--;
      }
    }
    if (token.kind === 'semicolon' && parentheses === 0 && atomic === 0) {
      finish(token.end);
      continue;
    }
    if (token.kind === 'word') {
      const word = slice.toLowerCase();
      if (leadingWords.length < 4) leadingWords.push(word);
      if (parentheses === 0 && isRoutineDefinition(leadingWords)) {
        if (word === 'atomic' && previousWord === 'begin') atomic++;
        else if (word === 'case' && atomic > 0) atomic++;
        else if (word === 'end' && atomic > 0) atomic--;
      }
      previousWord = word;
    } else {
      previousWord = '';
    }
    // Whitespace at either end of a code token is not part of the statement.
    if (first === -1) first = token.start + (slice.length - slice.trimStart().length);
    last = token.end - (slice.length - slice.trimEnd().length);
  }
  const endsOpen = parentheses > 0 || atomic > 0;
  finish(last);
  return { statements, endsOpen };
}

/** `CREATE [OR REPLACE] FUNCTION|PROCEDURE`: the only statements with `BEGIN ATOMIC` bodies. */
function isRoutineDefinition(words: readonly string[]): boolean {
  if (words[0] !== 'create') return false;
  const kind = words[1] === 'or' && words[2] === 'replace' ? words[3] : words[1];
  return kind === 'function' || kind === 'procedure';
}
