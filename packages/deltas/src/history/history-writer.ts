/**
 * Appends history rows, creating the history table (and its schema) the first time one is
 * written — inside the same transaction as the first delta, after it, so a delta that creates
 * the schema itself (`CREATE SCHEMA qwat_sys`) runs before the table appears in it.
 */
import type pg from 'pg';
import { historyRowsSql } from './history-row-sql.js';
import {
  createHistoryTableSql,
  type HistoryUpdate,
  insertHistory,
  type NewHistoryRow,
  type TableName,
  updateHistory,
} from './history-table.js';

/** Writes the rows of one run to the history table. */
export class HistoryWriter {
  private durable: boolean;
  private createdInTransaction = false;
  private queued: NewHistoryRow[] = [];

  /** @param exists - whether the table already exists. */
  constructor(
    private readonly client: pg.ClientBase,
    readonly table: TableName,
    exists: boolean,
  ) {
    this.durable = exists;
  }

  /** Append `row` now, outside any transaction of the run, and return its id. */
  async write(row: NewHistoryRow): Promise<number> {
    if (!this.durable && !this.createdInTransaction) {
      await this.client.query(createHistoryTableSql(this.table));
      this.durable = true;
    }
    return insertHistory(this.client, this.table, row);
  }

  /**
   * The statements that create the table, each ending with `;`, when it may not exist yet in the
   * open transaction; `''` otherwise. For a message sent in that transaction: the table counts
   * as created in it from now on, until {@link HistoryWriter.committed} or
   * {@link HistoryWriter.rolledBack}.
   */
  tableSql(): string {
    if (this.durable || this.createdInTransaction) return '';
    this.createdInTransaction = true;
    return `${createHistoryTableSql(this.table)};\n`;
  }

  /** Hold `row` until the open transaction commits (see {@link HistoryWriter.takeQueued}). */
  queue(row: NewHistoryRow): void {
    this.queued.push(row);
  }

  /**
   * The statements that write the held rows (creating the table first when needed), each
   * ending with `;`, for the message that commits the transaction; `''` when none is held.
   */
  takeQueued(): string {
    if (this.queued.length === 0) return '';
    const sql = `${this.tableSql()}${historyRowsSql(this.table, this.queued)};\n`;
    this.queued = [];
    return sql;
  }

  /** Update the row `id` written by this run. */
  async update(id: number, update: HistoryUpdate): Promise<void> {
    await updateHistory(this.client, this.table, id, update);
  }

  /** The caller's transaction committed. */
  committed(): void {
    if (this.createdInTransaction) this.durable = true;
    this.createdInTransaction = false;
  }

  /** The caller's transaction rolled back: the table it created and the rows held are gone. */
  rolledBack(): void {
    this.createdInTransaction = false;
    this.queued = [];
  }
}
