/**
 * Appends history rows, creating the history table (and its schema) the first time one is
 * written — inside the same transaction as the first delta, so a delta that creates the
 * schema itself (`CREATE SCHEMA qwat_sys`) runs before the table appears in it.
 */
import { qualifiedName } from '@pum/core';
import type pg from 'pg';
import {
  type HistoryUpdate,
  historyTableDdl,
  insertHistory,
  type NewHistoryRow,
  type TableName,
  updateHistory,
} from './history-table.js';

/** Writes the rows of one run to the history table. */
export class HistoryWriter {
  private durable: boolean;
  private createdInTransaction = false;

  /** @param exists - whether the table already exists. */
  constructor(
    private readonly client: pg.ClientBase,
    readonly table: TableName,
    exists: boolean,
  ) {
    this.durable = exists;
  }

  /**
   * Append `row` and return its id. `inTransaction`: the caller's transaction is open, so a table created now
   * exists for good only after {@link HistoryWriter.committed}.
   */
  async write(row: NewHistoryRow, inTransaction = false): Promise<number> {
    if (!this.durable && !this.createdInTransaction) {
      await this.client.query(
        `CREATE SCHEMA IF NOT EXISTS ${qualifiedName(undefined, this.table.schema)}; ${historyTableDdl(this.table)}`,
      );
      if (inTransaction) this.createdInTransaction = true;
      else this.durable = true;
    }
    return insertHistory(this.client, this.table, row);
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

  /** The caller's transaction rolled back. */
  rolledBack(): void {
    this.createdInTransaction = false;
  }
}
