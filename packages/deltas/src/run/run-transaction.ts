/**
 * The transaction of a `singleTransaction` run: opened before the first file that runs in it,
 * committed before a command hook (which runs outside any transaction) and at the end, rolled
 * back on failure. The history rows of its files are held until it commits and written in the
 * message that commits it. It also counts which completed files are durable — committed — for
 * the report of a failed run.
 */
import type pg from 'pg';
import type { HistoryWriter } from '../history/history-writer.js';

/** The run's transaction, when the run has one. */
export class RunTransaction {
  private isOpen = false;
  private pending = 0;
  private durable = 0;

  /** @param enabled - whether the run is one transaction (`singleTransaction`). */
  constructor(
    private readonly client: pg.ClientBase,
    private readonly history: HistoryWriter,
    private readonly enabled: boolean,
  ) {}

  /** Before a file that runs in a transaction: whether it runs in the run's (opened if needed). */
  async enter(): Promise<boolean> {
    if (!this.enabled) return false;
    if (!this.isOpen) {
      await this.client.query('BEGIN');
      this.isOpen = true;
    }
    return true;
  }

  /**
   * Write the history rows held and commit what is open (before a command hook, and at the end);
   * files then run outside it.
   */
  async leave(): Promise<false> {
    if (this.isOpen) {
      await this.client.query(`${this.history.takeQueued()}COMMIT`);
      this.isOpen = false;
      this.history.committed();
      this.durable += this.pending;
      this.pending = 0;
    }
    return false;
  }

  /** A file completed: durable now when no run transaction is open, else once it commits. */
  done(): void {
    if (this.isOpen) this.pending++;
    else this.durable++;
  }

  /** The run failed: roll back what is open; returns how many completed files are durable. */
  async abandon(): Promise<number> {
    if (this.isOpen) {
      await this.client.query('ROLLBACK').catch(() => {});
      this.isOpen = false;
      this.history.rolledBack();
      this.pending = 0;
    }
    return this.durable;
  }
}
