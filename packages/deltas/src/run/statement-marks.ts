/**
 * The marks a file run outside a transaction leaves in its history row around each statement:
 * "statement N (with this fingerprint) is starting", committed on its own before the statement is
 * sent, and "N done", which clears it. A mark left set means the run died while the statement
 * ran, so nobody knows whether the server committed it.
 */
import { createHash } from 'node:crypto';
import { type Queryable, qualifiedName } from '@pum/core';
import type { TableName } from '../history/history-table.js';

/** A statement recorded as started: its 1-based number and a fingerprint of the text sent. */
export interface StatementMark {
  number: number;
  fingerprint: string;
}

/** A short fingerprint of a statement's text, as sent (parameters substituted). */
export function statementFingerprint(text: string): string {
  return createHash('sha256').update(text.trim()).digest('hex').slice(0, 16);
}

/** The `statement_started` value of statement `number` with `text`. */
export function markOf(number: number, text: string): string {
  return `${number}:${statementFingerprint(text)}`;
}

/** Read a `statement_started` value; `undefined` when none or not one of ours. */
export function parseMark(value: string | null | undefined): StatementMark | undefined {
  const match = /^(\d+):([0-9a-f]+)$/.exec(value ?? '');
  return match ? { number: Number(match[1]), fingerprint: match[2] as string } : undefined;
}

/** Add the `statement_started` column to a history table made by an earlier pum. */
export async function ensureMarkColumn(db: Queryable, table: TableName): Promise<void> {
  const name = qualifiedName(table.schema, table.name);
  const { rows } = await db.query(
    "SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'statement_started' AND NOT attisdropped",
    [name],
  );
  if (rows.length === 0)
    await db.query(`ALTER TABLE ${name} ADD COLUMN IF NOT EXISTS statement_started text`);
}

/** Record, in a write of its own, that statement `number` of the run of row `id` is being sent. */
export async function markStarted(
  db: Queryable,
  table: TableName,
  id: number,
  number: number,
  text: string,
): Promise<void> {
  await db.query(
    `UPDATE ${qualifiedName(table.schema, table.name)} SET statement_started = $2 WHERE id = $1`,
    [id, markOf(number, text)],
  );
}

/** Record that `done` statements are completed and none is under way. */
export async function markDone(db: Queryable, table: TableName, id: number, done: number): Promise<void> {
  await db.query(
    `UPDATE ${qualifiedName(table.schema, table.name)} SET statements_done = $2, statement_started = NULL WHERE id = $1`,
    [id, done],
  );
}

/** Clear the mark: the statement failed on the server, which rolled it back. */
export async function clearMark(db: Queryable, table: TableName, id: number): Promise<void> {
  await db.query(
    `UPDATE ${qualifiedName(table.schema, table.name)} SET statement_started = NULL WHERE id = $1`,
    [id],
  );
}
