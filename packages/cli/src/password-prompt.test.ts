import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo, TextInput } from './io.js';
import { askPassword, canAskPassword } from './password-prompt.js';

/** A terminal stand-in: a stdin that records raw mode, a stderr that records what was written. */
function terminal() {
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    raw: [] as boolean[],
    setRawMode(raw: boolean) {
      stdin.raw.push(raw);
      return stdin;
    },
  });
  let written = '';
  const io: CliIo = {
    stdin: stdin as unknown as TextInput,
    stdout: { write: () => true },
    stderr: {
      write: (text: string) => {
        written += text;
        return true;
      },
      isTTY: true,
    },
    env: {},
    cwd: '/',
  };
  return { io, stdin, written: () => written };
}

describe('askPassword', () => {
  it('reads a line in raw mode (no echo), with backspace, and restores the terminal', async () => {
    const { io, stdin, written } = terminal();
    const answer = askPassword(io, 'Password for user qwat: ');
    stdin.write('sec');
    stdin.write('x\u007fret é\r');
    await expect(answer).resolves.toBe('secret é');
    expect(stdin.raw).toEqual([true, false]);
    expect(written()).toBe('Password for user qwat: \n');
  });

  it('gives undefined for Ctrl-D on an empty line and fails for Ctrl-C', async () => {
    const first = terminal();
    const none = askPassword(first.io, 'Password: ');
    first.stdin.write('\u0004');
    await expect(none).resolves.toBeUndefined();
    const second = terminal();
    const interrupted = askPassword(second.io, 'Password: ');
    second.stdin.write('ab\u0003');
    await expect(interrupted).rejects.toMatchObject({ code: 'PUM_ABORTED' });
    expect(second.stdin.raw).toEqual([true, false]);
  });

  it('is allowed only when stdin and stderr are both a terminal', () => {
    const { io } = terminal();
    expect(canAskPassword(io)).toBe(true);
    expect(canAskPassword({ ...io, stderr: { write: () => true, isTTY: false } })).toBe(false);
    expect(canAskPassword({ ...io, stdin: undefined as unknown as TextInput })).toBe(false);
  });
});

describe('two questions at once', () => {
  it('are asked one after the other', async () => {
    const { io, stdin, written } = terminal();
    const first = askPassword(io, 'Password for user a: ');
    const second = askPassword(io, 'Password for user b: ');
    stdin.write('one\r');
    await expect(first).resolves.toBe('one');
    // The second prompt appears only once the first was answered.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(written()).toBe('Password for user a: \nPassword for user b: ');
    stdin.write('two\r');
    await expect(second).resolves.toBe('two');
  });
});
