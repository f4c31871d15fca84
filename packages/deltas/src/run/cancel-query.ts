/**
 * Cancelling the statement a connection is running, as libpq's `PQcancel` does: a CancelRequest
 * message (the backend's pid and secret key) sent on a new socket to the same server. `pg` has
 * no public API for it; a run uses it so that Ctrl-C stops a long delta at once, not after it.
 */
import { connect } from 'node:net';
import type pg from 'pg';

/** The CancelRequest code of the PostgreSQL protocol (1234 << 16 | 5678). */
const CANCEL_REQUEST_CODE = 80877102;

interface CancelTarget {
  host?: string;
  port?: number;
  processID?: number | null;
  secretKey?: number | null;
}

/**
 * Ask the server to cancel what `client` is running. Resolves once the request is sent (the
 * server answers nothing); a connection without a known backend is left alone.
 */
export function cancelRunningQuery(client: pg.ClientBase): Promise<void> {
  const { host = 'localhost', port = 5432, processID, secretKey } = client as unknown as CancelTarget;
  if (typeof processID !== 'number' || typeof secretKey !== 'number') return Promise.resolve();
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  message.writeInt32BE(processID, 8);
  message.writeInt32BE(secretKey, 12);
  return new Promise((resolve) => {
    const socket = host.startsWith('/') ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
    socket.once('connect', () => socket.end(message));
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
}

/** What {@link cancelOnAbort} returns. */
export interface AbortCanceller {
  /** Stop cancelling on abort. */
  stop(): void;
  /**
   * Resolves once the cancel request sent on abort (if any) has reached the server, or after a
   * second at most. The server cancels whatever it runs when the request arrives: a statement
   * sent after the abort (the `ROLLBACK`, the failure's history row, the unlock) must wait for
   * this, or a late request could cancel it instead.
   */
  settled(): Promise<void>;
}

/**
 * Cancel `client`'s running statement whenever `signal` aborts, until
 * {@link AbortCanceller.stop}.
 */
export function cancelOnAbort(client: pg.ClientBase, signal: AbortSignal | undefined): AbortCanceller {
  let sent: Promise<void> = Promise.resolve();
  const cancel = () => {
    sent = cancelRunningQuery(client).catch(() => {});
  };
  signal?.addEventListener('abort', cancel, { once: true });
  return {
    stop: () => signal?.removeEventListener('abort', cancel),
    settled: () => {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1000);
      });
      return Promise.race([sent, bound]).finally(() => clearTimeout(timer));
    },
  };
}
