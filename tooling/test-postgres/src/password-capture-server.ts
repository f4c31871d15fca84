/**
 * A listener that speaks just enough of the PostgreSQL protocol to ask a client for its
 * password in clear text and write down what it receives, then refuse the login. The test
 * servers trust every local connection, so this is how the tests prove which password a
 * client (`pg`, or `psql` in a child process) actually sends.
 */

import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** What one client sent. */
export interface CapturedLogin {
  /** The startup parameters (`user`, `database`, `application_name`, …). */
  readonly startup: Record<string, string>;
  /** The password it answered with, when it did. */
  readonly password: string | undefined;
}

/** A running capture server. */
export interface PasswordCaptureServer {
  readonly port: number;
  readonly logins: CapturedLogin[];
  close(): Promise<void>;
}

function readCString(buffer: Buffer, start: number): [string, number] {
  const end = buffer.indexOf(0, start);
  return [buffer.toString('utf8', start, end), end + 1];
}

function errorResponse(message: string): Buffer {
  const fields = Buffer.concat(
    [
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', '28P01'],
      ['M', message],
    ].map(([code, text]) => Buffer.from(`${code}${text}\0`, 'utf8')),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function handle(socket: Socket, logins: CapturedLogin[]): void {
  let pending = Buffer.alloc(0);
  let startup: Record<string, string> | undefined;
  socket.on('error', () => {});
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (startup === undefined) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write('N');
          continue;
        }
        const parameters: Record<string, string> = {};
        let offset = 8;
        while (offset < message.length && message[offset] !== 0) {
          const [key, afterKey] = readCString(message, offset);
          const [value, afterValue] = readCString(message, afterKey);
          parameters[key] = value;
          offset = afterValue;
        }
        startup = parameters;
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
        socket.write(ask);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < length + 1) return;
      const type = String.fromCharCode(pending[0] as number);
      const body = pending.subarray(5, length + 1);
      pending = pending.subarray(length + 1);
      if (type === 'p') {
        logins.push({ startup, password: readCString(body, 0)[0] });
        socket.end(errorResponse('password captured by the test'));
        return;
      }
    }
  });
  socket.on('close', () => {
    if (startup !== undefined && !logins.some((login) => login.startup === startup)) {
      logins.push({ startup, password: undefined });
    }
  });
}

/** Start a capture server on a free local port. */
export async function startPasswordCaptureServer(): Promise<PasswordCaptureServer> {
  const logins: CapturedLogin[] = [];
  const server: Server = createServer((socket) => handle(socket, logins));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    port: address.port,
    logins,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
