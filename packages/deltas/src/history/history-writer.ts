/**
 * Appends history rows, creating the history table (and its schema) the first time one is
 * written — inside the same transaction as the first delta, after it, so a delta that creates
 * the schema itself (`CREATE SCHEMA qwat_sys`) runs before the table appears in it. When the run
 * also keeps PUM's table (see `pum-mirror.ts`), each row can carry the statements that record the
 * file there, sent after it in the same transaction.
 */
import type pg from 'pg';
import type { DeltaFile } from '../module/delta-file.js';
import { historyRowsSql } from './history-row-sql.js';
import {
  createHistoryTableSql,
  type HistoryUpdate,
  insertHistory,
  type NewHistoryRow,
  type TableName,
  updateHistory,
} from './history-table.js';
import type { PumMirror, PumRunValues } from './pum-mirror.js';

/** A row held until the open transaction commits, and the statements that follow it. */
interface QueuedRow {
  row: NewHistoryRow;
  after: string;
}

/** Writes the rows of one run to the history table. */
export class HistoryWriter {
  private durable: boolean;
  private createdInTransaction = false;
  private queued: QueuedRow[] = [];

  /**
   * @param exists - whether the table already exists.
   * @param mirror - PUM's table, when the run keeps it too.
   */
  constructor(
    private readonly client: pg.ClientBase,
    readonly table: TableName,
    exists: boolean,
    readonly mirror?: PumMirror,
  ) {
    this.durable = exists;
  }

  /**
   * Append `row` now, outside any transaction of the run, and return its id; then run `after`
   * (statements ending with `;`, see {@link HistoryWriter.pumSql}) in a transaction of its own.
   */
  async write(row: NewHistoryRow, after = ''): Promise<number> {
    if (!this.durable && !this.createdInTransaction) {
      await this.client.query(createHistoryTableSql(this.table));
      this.durable = true;
    }
    const id = await insertHistory(this.client, this.table, row);
    if (after) {
      try {
        await this.client.query(after);
        this.committed();
      } catch (error) {
        this.rolledBack();
        throw error;
      }
    }
    return id;
  }

  /**
   * The statements (each ending with `;`) that record `file`, just recorded as applied, in PUM's
   * table and link its row to PUM's; `''` when the run keeps no PUM table or PUM records nothing
   * for the file. For the transaction that writes the file's row, after it.
   */
  pumSql(file: DeltaFile, run: PumRunValues): string {
    return this.mirror?.fileSql(file, run) ?? '';
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

  /**
   * Hold `row`, and the statements `after` that follow it, until the open transaction commits
   * (see {@link HistoryWriter.takeQueued}).
   */
  queue(row: NewHistoryRow, after = ''): void {
    this.queued.push({ row, after });
  }

  /**
   * The statements that write the held rows (creating the table first when needed), each
   * ending with `;`, for the message that commits the transaction; `''` when none is held.
   */
  takeQueued(): string {
    if (this.queued.length === 0) return '';
    // Rows in order, each batch of rows followed by the statements that need them written.
    let sql = this.tableSql();
    let batch: NewHistoryRow[] = [];
    for (const { row, after } of this.queued) {
      batch.push(row);
      if (!after) continue;
      sql += `${historyRowsSql(this.table, batch)};\n${after}`;
      batch = [];
    }
    if (batch.length > 0) sql += `${historyRowsSql(this.table, batch)};\n`;
    this.queued = [];
    return sql;
  }

  /** Update the row `id` written by this run. */
  async update(id: number, update: HistoryUpdate): Promise<void> {
    await updateHistory(this.client, this.table, id, update);
  }

  /**
   * Whether the table exists outside any open transaction: {@link HistoryWriter.tableSql}
   * returns `''` and rows can be counted.
   */
  get isDurable(): boolean {
    return this.durable && !this.createdInTransaction;
  }

  /**
   * The writer's state now (what exists, what an open transaction created), as a function that
   * puts it back: for a message of several transactions built ahead, when one of them fails.
   */
  checkpoint(): () => void {
    const { durable, createdInTransaction } = this;
    const queued = [...this.queued];
    const mirror = this.mirror?.checkpoint();
    return () => {
      this.durable = durable;
      this.createdInTransaction = createdInTransaction;
      this.queued = queued;
      mirror?.();
    };
  }

  /** The caller's transaction committed. */
  committed(): void {
    if (this.createdInTransaction) this.durable = true;
    this.createdInTransaction = false;
    this.mirror?.committed();
  }

  /** The caller's transaction rolled back: the table it created and the rows held are gone. */
  rolledBack(): void {
    this.createdInTransaction = false;
    this.queued = [];
    this.mirror?.rolledBack();
  }
}
