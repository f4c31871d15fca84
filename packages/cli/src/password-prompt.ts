/**
 * Asking for a password on a terminal, as psql does: only when stdin and stderr are both a
 * terminal, the prompt on stderr, nothing echoed.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { CliIo, TextInput } from './io.js';

/** A terminal input that can stop echoing (`process.stdin` on a TTY). */
type RawInput = TextInput & { setRawMode?(raw: boolean): unknown };

/** Whether pum may ask the user for a password: stdin and stderr are both a terminal. */
export function canAskPassword(io: CliIo): boolean {
  return io.stdin?.isTTY === true && io.stderr.isTTY === true;
}

/**
 * Write `prompt` on stderr and read one line from the terminal without echoing it. Resolves with
 * what was typed; `undefined` for Ctrl-D on an empty line.
 *
 * @throws {@link PumError} `PUM_ABORTED` for Ctrl-C (the terminal sends it as a character here).
 * @example
 * ```ts
 * if (canAskPassword(io)) password = await askPassword(io, 'Password for user qwat: ');
 * ```
 */
export function askPassword(io: CliIo, prompt: string): Promise<string | undefined> {
  // One question at a time: `pum check A B` connects to both sides at once.
  const answer = asking.then(() => ask(io, prompt));
  asking = answer.then(
    () => undefined,
    () => undefined,
  );
  return answer;
}

let asking: Promise<unknown> = Promise.resolve();

function ask(io: CliIo, prompt: string): Promise<string | undefined> {
  const input = io.stdin as RawInput;
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    const done = () => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      io.stderr.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') {
          done();
          resolve(typed.join(''));
          return;
        }
        if (char === '\u0003') {
          done();
          reject(new PumError(PumErrorCode.Aborted, 'interrupted while asking for a password'));
          return;
        }
        if (char === '\u0004' && typed.length === 0) {
          done();
          resolve(undefined);
          return;
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed.push(char);
      }
    };
    // Raw mode: no echo, and the line arrives character by character. On before the prompt,
    // so that nothing typed as soon as it shows can be echoed.
    input.setRawMode?.(true);
    io.stderr.write(prompt);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
