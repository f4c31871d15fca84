/**
 * Where the output of one database's upgrade goes when several run at once: its lines prefixed
 * with the database's name on the terminal (whole lines only, so that concurrent runs never
 * interleave within a line), or a log file of its own under `--log-dir`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TextOutput } from '../io.js';

/** An output that can be finished: what is left of a last line is written, files closed. */
export interface FinishableOutput extends TextOutput {
  /** Write what is buffered and release the output; later writes are dropped. */
  finish(): void;
}

/**
 * `target`, with every line written to it starting with `prefix`. A line is passed on once it
 * is complete; {@link FinishableOutput.finish} passes on the rest. Never a terminal (`isTTY`
 * false): live progress lines stay off.
 *
 * @example
 * ```ts
 * const out = prefixedLines(process.stdout, '[qwat_a] ');
 * out.write('upgrading…\n  ✓ delta_1.sql'); // '[qwat_a] upgrading…\n'
 * out.finish();                               // '[qwat_a]   ✓ delta_1.sql\n'
 * ```
 */
export function prefixedLines(target: TextOutput, prefix: string): FinishableOutput {
  let pending = '';
  let finished = false;
  return {
    isTTY: false,
    write(text: string) {
      if (finished) return false;
      pending += text;
      const end = pending.lastIndexOf('\n');
      if (end === -1) return true;
      const lines = pending.slice(0, end).split('\n');
      pending = pending.slice(end + 1);
      target.write(lines.map((line) => `${prefix}${line}\n`).join(''));
      return true;
    },
    finish() {
      if (!finished && pending !== '') target.write(`${prefix}${pending}\n`);
      pending = '';
      finished = true;
    },
  };
}

/**
 * A log file opened for writing (replaced when it exists), shared by a database's stdout and
 * stderr. Written synchronously, so a crash leaves what was logged up to it.
 *
 * @throws the file system's error when the file cannot be created.
 */
export function logFile(path: string): FinishableOutput {
  let fd: number | undefined = openSync(path, 'w');
  return {
    isTTY: false,
    write(text: string) {
      if (fd === undefined) return false;
      writeSync(fd, text);
      return true;
    },
    finish() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
