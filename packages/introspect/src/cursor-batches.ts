/**
 * One catalog query read through a server-side cursor (pg-cursor), a batch of rows at a time:
 * the readers map each batch in a plain loop, with no promise per row, and the next batch is
 * already asked for while they do.
 */
import type { ClientBase } from 'pg';
import Cursor from 'pg-cursor';

/**
 * Yield the rows of `sql` in batches of at most `batchSize`, counting each fetch as a round
 * trip (`onRoundTrip`). The next fetch is sent before a full batch is handed over, so the
 * server produces it while the caller maps the current one; a short batch is the last. When
 * the caller stops early (a `break`, or its own error), the cursor is closed and the session
 * is ready for its next query.
 */
export async function* cursorBatches<Row>(
  client: ClientBase,
  sql: string,
  values: readonly unknown[],
  batchSize: number,
  onRoundTrip: () => void,
): AsyncGenerator<readonly Row[], void, undefined> {
  const cursor = client.query(new Cursor<Row>(sql, [...values]));
  let ended = false;
  let next = cursor.read(batchSize);
  onRoundTrip();
  try {
    for (;;) {
      let batch: Row[];
      try {
        batch = await next;
      } catch (error) {
        // The server reported an error: the cursor is over and the session synced.
        ended = true;
        throw error;
      }
      if (batch.length < batchSize) {
        ended = true;
        if (batch.length > 0) yield batch;
        return;
      }
      next = cursor.read(batchSize);
      // A fetch that fails has ended the cursor (the session is synced): nothing to close, and
      // a failure nobody awaits (the caller stopped first) stays quiet.
      next.catch(() => {
        ended = true;
      });
      onRoundTrip();
      yield batch;
    }
  } finally {
    if (!ended) await cursor.close();
  }
}
