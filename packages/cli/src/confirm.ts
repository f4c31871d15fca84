/**
 * Asking the user before something that cannot be undone. On a terminal, the question waits for
 * an answer; from a pipe (`yes | pum …`, as PUM users' CI scripts do), the first line is the
 * answer; with no input at all, there is no answer — the caller stops and explains `--yes`.
 */
import { createInterface } from 'node:readline';
import type { CliIo } from './io.js';

/** What the user said. */
export type Answer = 'yes' | 'no' | 'no-answer';

/** How long a pipe may take to give its first line. */
const PIPE_WAIT_MS = 3000;

/**
 * Ask `question` (on stderr) and read one line of `io.stdin`: `y` or `yes` (any case) is yes.
 *
 * @example
 * ```ts
 * if ((await confirm(io, 'Apply 3 files to qwat_prod? [y/N] ')) !== 'yes') return ExitCode.Differences;
 * ```
 */
export async function confirm(io: CliIo, question: string): Promise<Answer> {
  const input = io.stdin;
  if (!input) return 'no-answer';
  io.stderr.write(question);
  const reader = createInterface({ input, terminal: false });
  try {
    const line = await new Promise<string | undefined>((resolve) => {
      const timer = input.isTTY ? undefined : setTimeout(() => resolve(undefined), PIPE_WAIT_MS);
      const done = (value: string | undefined) => {
        if (timer) clearTimeout(timer);
        resolve(value);
      };
      reader.once('line', (text) => done(text));
      reader.once('close', () => done(undefined));
      io.signal?.addEventListener('abort', () => done(undefined), { once: true });
    });
    if (!input.isTTY) io.stderr.write(`${line ?? ''}\n`);
    if (line === undefined) return 'no-answer';
    return /^\s*y(es)?\s*$/i.test(line) ? 'yes' : 'no';
  } finally {
    reader.close();
    // Stop reading: a piped `yes` would otherwise keep the process alive.
    input.pause();
    (input as { unref?: () => void }).unref?.();
  }
}
