/**
 * A file run in a transaction of its own, sent as ONE simple-query message: `BEGIN;`, the file,
 * the history table's DDL the first time, the file's history row timed by the server, `COMMIT;`
 * — one round trip instead of four. The server runs the statements in order and stops at the
 * first error, leaving the transaction aborted; this module builds the message and says where an
 * error points, so that failures are reported as when the parts are sent one by one.
 */
import type { FileMode } from './file-mode.js';

/** A file's message, and where the file's SQL is in it. */
export interface FileMessage {
  /** The whole message. */
  text: string;
  /** Offset of the file's SQL in {@link FileMessage.text}. */
  fileStart: number;
  /** Offset just after the file's SQL. */
  fileEnd: number;
  /** Our statements sent after the file (the DDL when sent, the history row), one text each. */
  ours: string[];
}

const PREFIX = 'BEGIN;\n';

/**
 * Whether a file can be sent in one message with its history row: SQL in a transaction of ours,
 * ending outside parentheses and `BEGIN ATOMIC` bodies (else what follows would become part of
 * its last statement). Lexing already refused unterminated literals and comments.
 */
export function fitsOneMessage(mode: FileMode): mode is Extract<FileMode, { kind: 'transaction' }> {
  return mode.kind === 'transaction' && !mode.endsOpen;
}

/**
 * The message of a file: `sql` (after substitution), then `tableSql` (statements ending with
 * `;`, or `''`) and `rowSql` (one statement without its `;`).
 *
 * @example
 * ```ts
 * fileMessage('CREATE TABLE t (id int) -- no semicolon', '', "INSERT INTO h …").text;
 * // "BEGIN;\nCREATE TABLE t (id int) -- no semicolon\n;\nINSERT INTO h …;\nCOMMIT;"
 * ```
 */
export function fileMessage(sql: string, tableSql: string, rowSql: string): FileMessage {
  // A newline first, as the file may end in a line comment; then `;`, as its last statement may
  // have none.
  return {
    text: `${PREFIX}${sql}\n;\n${tableSql}${rowSql};\nCOMMIT;`,
    fileStart: PREFIX.length,
    fileEnd: PREFIX.length + sql.length,
    ours: tableSql ? [tableSql, rowSql] : [rowSql],
  };
}

/**
 * Where the server's `error` for `message` points: into the file's text (`file`), elsewhere in
 * the message (`elsewhere`: a syntax error where the file's unfinished last statement meets what
 * follows it, or an error in our statements), or nowhere (`none`: an error raised while
 * executing). An error in the file has its `position` made relative to the file, as if the file
 * had been sent alone, so that it and its messages read as they always did.
 */
export function placeError(error: unknown, message: FileMessage): 'file' | 'elsewhere' | 'none' {
  const e = error as { position?: unknown };
  if (typeof e.position !== 'string' || e.position === '') return 'none';
  const offset = Number(e.position) - 1;
  if (!(offset >= message.fileStart && offset < message.fileEnd)) return 'elsewhere';
  e.position = String(offset - message.fileStart + 1);
  return 'file';
}
