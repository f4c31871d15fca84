/**
 * Several files, each still in a transaction of its own with its history row, sent as ONE
 * simple-query message — one round trip for many small files instead of one each:
 *
 *     SELECT max(id) … AS base;                       -- where the history table stood
 *     BEGIN; <file 1> ; <its history row>; COMMIT; SELECT 1 AS done;
 *     BEGIN; <file 2> ; <its history row>; COMMIT; SELECT 2 AS done;
 *     …
 *
 * The server runs the statements in order and stops at the first error, so every file before a
 * failing one is committed with its row, the failing one rolls back, and the ones after it never
 * run: the same outcome as sending the files one by one. The `done` rows arrive as each file
 * commits (progress stays live); after a failure, the rows written since `base` say how many files
 * committed (the truth even when the error hit between a `COMMIT` and its `done` row). A syntax
 * error anywhere stops the whole message before anything runs (the server parses it first): the
 * files before the faulty one are then sent again, and the faulty one alone, which reports its
 * error as when every file is sent alone.
 */
import { randomBytes } from 'node:crypto';
import { qualifiedName, quoteIdent } from '@pum/core';
import pg from 'pg';
import type { Statement } from '../sql/split.js';
import { type FileMessage, fitsOneMessage } from './file-message.js';
import type { FileMode } from './file-mode.js';
import {
  type FileRun,
  type FileRunContext,
  messageFailure,
  oneMessageOf,
  rollBackFailed,
} from './file-runner.js';

/** At most this many files in one message. */
export const BATCH_FILES = 100;
/** At most this many characters of SQL in one message; a larger file is sent alone. */
export const BATCH_CHARACTERS = 1 << 20;

/** A file a batch may hold: SQL in a transaction of its own that fits one message. */
export interface BatchFile {
  run: FileRun;
  statements: readonly Statement[];
}

/** What the caller hears of a batch's files, in order, as it runs. */
export interface BatchEvents {
  /** The file `index` (in the batch) starts: the one before it committed, or the message was sent. */
  started(index: number): void;
  /** The file `index` committed with its history row after `ms` (client clock). */
  done(index: number, ms: number): void;
}

/** How a batch ended without a failure of its own. */
export interface BatchOutcome {
  /** Files committed, from the first. */
  applied: number;
  /**
   * Set when a syntax error in the file of that index stopped the message before anything ran:
   * the files from `applied` up to it are to be sent again, and it alone.
   */
  aloneAt?: number;
}

/** Whether `mode` can go in a batch: SQL in a transaction of ours, in one message, not too large. */
export function batchable(mode: FileMode, sql: string): mode is Extract<FileMode, { kind: 'transaction' }> {
  return fitsOneMessage(mode) && sql.length <= BATCH_CHARACTERS;
}

/** Characters as PostgreSQL counts them in an error's position: code points, not UTF-16 units. */
function characters(text: string): number {
  let surrogatePairs = 0;
  for (const _ of text.matchAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)) surrogatePairs++;
  return text.length - surrogatePairs;
}

/**
 * Run `files` as one message (see the file's header). Resolves with how many committed; throws
 * the failure of the file that failed, recorded as when it runs alone, after `events.done` for
 * each file committed before it. The history table must exist outside any transaction.
 */
export async function runFileBatch(
  ctx: FileRunContext,
  files: readonly BatchFile[],
  events: BatchEvents,
): Promise<BatchOutcome> {
  const { history } = ctx;
  if (!history.isDurable) throw new Error('runFileBatch: the history table must exist before a batch');
  const nonce = randomBytes(6).toString('hex');
  const baseColumn = `pum_base_${nonce}`;
  const doneColumn = `pum_done_${nonce}`;
  const table = qualifiedName(history.table.schema, history.table.name);

  const now = new Date();
  const parts: { message: FileMessage; text: string; restore: () => void }[] = [];
  let text = `SELECT coalesce(max(id), 0)::text AS ${quoteIdent(baseColumn)} FROM ${table};\n`;
  const head = text;
  for (const [index, { run }] of files.entries()) {
    // The state before this file's part: what stands if it fails (the files before committed).
    const restore = history.checkpoint();
    const message = oneMessageOf(ctx, run, now);
    history.committed();
    const part = `${message.text}\nSELECT ${index} AS ${quoteIdent(doneColumn)};\n`;
    parts.push({ message, text: part, restore });
    text += part;
  }

  let base: string | undefined;
  let committed = 0;
  let last = Date.now();
  /** The next file committed: told, with its time since the one before. */
  const fileCommitted = () => {
    const at = Date.now();
    events.done(committed++, at - last);
    last = at;
  };
  const query = new pg.Query(text);
  query.on('row', (row: Record<string, unknown>) => {
    if (baseColumn in row) {
      // The server parsed the whole message and began: the first file starts.
      base = String(row[baseColumn]);
      events.started(0);
      return;
    }
    if (!(doneColumn in row)) return;
    fileCommitted();
    if (committed < files.length) events.started(committed);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      query.on('end', () => resolve());
      query.on('error', reject);
      ctx.client.query(query);
    });
    return { applied: committed };
  } catch (error) {
    await rollBackFailed(ctx);
    // Nothing ran when the base row never came (a syntax error stops the message at once);
    // otherwise the rows since the base are the files committed.
    const applied =
      base === undefined
        ? 0
        : Number(
            (
              await ctx.client.query<{ n: string }>(
                `SELECT count(*)::text AS n FROM ${table} WHERE id > $1`,
                [base],
              )
            ).rows[0]?.n ?? 0,
          );
    while (committed < applied) fileCommitted();
    if (applied >= files.length) throw error;
    parts[applied]?.restore();
    const at = partOf(error, parts, characters(head));
    if (at !== undefined && at > applied) {
      // A syntax error in a later file: nothing ran. Its position made relative to it again.
      if (applied !== 0) throw error;
      return { applied: 0, aloneAt: at };
    }
    const failing = files[applied] as BatchFile;
    const part = parts[applied] as (typeof parts)[number];
    shiftPosition(
      error,
      characters(head) + parts.slice(0, applied).reduce((n, p) => n + characters(p.text), 0),
    );
    await messageFailure(ctx, failing.run, failing.statements, new Date(last), part.message, error);
    // The file ran when sent again (see messageFailure): applied after all.
    events.done(applied, Date.now() - last);
    return { applied: applied + 1 };
  }
}

/** Which part an error's position points into, if it has one (`head`: characters before the first). */
function partOf(error: unknown, parts: readonly { text: string }[], head: number): number | undefined {
  const position = (error as { position?: unknown }).position;
  if (typeof position !== 'string' || position === '') return undefined;
  let offset = Number(position) - 1 - head;
  for (const [index, part] of parts.entries()) {
    const length = characters(part.text);
    if (offset < length) return index;
    offset -= length;
  }
  return undefined;
}

/** Make the error's position relative to a part that starts `start` characters into the message. */
function shiftPosition(error: unknown, start: number): void {
  const e = error as { position?: unknown };
  if (typeof e.position === 'string' && e.position !== '') e.position = String(Number(e.position) - start);
}
