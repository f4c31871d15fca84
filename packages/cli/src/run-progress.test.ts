import type { Logger } from '@pum/core';
import type { DeltaFile, UpgradeProgress } from '@pum/deltas';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from './io.js';
import { recordingStream } from './recording-stream.test-helper.js';
import { formatDuration, runProgress, stillRunningText } from './run-progress.js';

const CLEAR = '\r\x1b[2K';
const file = (path: string) => ({ path }) as DeltaFile;

function ioWith(tty: boolean, env: Record<string, string> = {}, signal?: AbortSignal) {
  const io = {
    stdout: recordingStream(false),
    stderr: recordingStream(tty),
    env: { NO_COLOR: '1', ...env },
    cwd: '/',
    signal,
  };
  return io as typeof io & CliIo;
}

/** The events of a run of `paths`, the second file run statement by statement. */
function start(path: string, index: number, statements: number | undefined): UpgradeProgress {
  return { type: 'file-start', file: file(path), index, total: 3, statements };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runProgress on a terminal', () => {
  it('draws a live line on stderr with the file, its statements, its running time and the files left', () => {
    const io = ioWith(true);
    const progress = runProgress(io, { quiet: false, verb: 'upgrading', fileLines: 'stdout' });
    const { onProgress } = progress.apply({});
    onProgress?.(start('delta/a.sql', 0, 4));
    expect(io.stderr.text).toBe(`${CLEAR}upgrading 1/3 delta/a.sql · 4 statements · 0 ms · 2 files left`);
    vi.advanceTimersByTime(2500);
    expect(
      io.stderr.text.endsWith(`${CLEAR}upgrading 1/3 delta/a.sql · 4 statements · 2.5 s · 2 files left`),
    ).toBe(true);
    // A finished file: the line is cleared before its line is written on stdout.
    onProgress?.({ type: 'file-done', file: file('delta/a.sql'), index: 0, total: 3, ms: 2500 });
    expect(io.stderr.text.endsWith(CLEAR)).toBe(true);
    expect(io.stdout.text).toBe('  ✓ delta/a.sql (2500 ms)\n');
    onProgress?.(start('delta/b.sql', 1, 2));
    onProgress?.({
      type: 'statement-start',
      file: file('delta/b.sql'),
      number: 2,
      total: 2,
      line: 4,
      excerpt: 'x',
    });
    vi.advanceTimersByTime(100);
    expect(io.stderr.text).toContain('upgrading 2/3 delta/b.sql · statement 2/2 · 100 ms · 1 file left');
    progress.stop();
    expect(io.stderr.text.endsWith(CLEAR)).toBe(true);
    // Stopped: never drawn again.
    const before = io.stderr.text;
    vi.advanceTimersByTime(1000);
    expect(io.stderr.text).toBe(before);
  });

  it('redraws at most ten times a second, whatever the number of files', () => {
    const io = ioWith(true);
    const progress = runProgress(io, { quiet: false, verb: 'upgrading', fileLines: 'none' });
    const { onProgress } = progress.apply({});
    for (let index = 0; index < 500; index++) {
      onProgress?.({ type: 'file-start', file: file(`d/${index}.sql`), index, total: 1000, statements: 1 });
      onProgress?.({ type: 'file-done', file: file(`d/${index}.sql`), index, total: 1000, ms: 0 });
    }
    vi.advanceTimersByTime(1000);
    progress.stop();
    expect(io.stderr.text.split('upgrading').length - 1).toBeLessThanOrEqual(11);
  });

  it('cuts the line to the width of the terminal', () => {
    const io = ioWith(true);
    runProgress(io, { quiet: false, verb: 'upgrading', fileLines: 'none' })
      .apply({})
      .onProgress?.(start(`delta/${'x'.repeat(120)}.sql`, 0, 1));
    const line = io.stderr.text.slice(CLEAR.length);
    expect(line).toHaveLength(io.stderr.columns - 1);
    expect(line.endsWith('…')).toBe(true);
  });

  it("clears the line before the logger's lines and on Ctrl-C", () => {
    const controller = new AbortController();
    const io = ioWith(true, {}, controller.signal);
    const written: string[] = [];
    const logger: Logger = {
      debug: (m) => written.push(`${io.stderr.text.endsWith(CLEAR)} ${m}`),
      info: (m) => written.push(`${io.stderr.text.endsWith(CLEAR)} ${m}`),
      warn: (m) => written.push(`${io.stderr.text.endsWith(CLEAR)} ${m}`),
      error: (m) => written.push(`${io.stderr.text.endsWith(CLEAR)} ${m}`),
    };
    const progress = runProgress(io, { quiet: false, verb: 'upgrading', fileLines: 'none' });
    const options = progress.apply({ logger });
    options.onProgress?.(start('delta/a.sql', 0, 1));
    options.logger?.info('hook says hello');
    vi.advanceTimersByTime(100);
    options.logger?.warn('careful');
    expect(written).toEqual(['true hook says hello', 'true careful']);
    vi.advanceTimersByTime(100);
    expect(io.stderr.text.endsWith(CLEAR)).toBe(false);
    controller.abort();
    expect(io.stderr.text.endsWith(CLEAR)).toBe(true);
  });
});

describe('runProgress off a terminal', () => {
  it('writes no live line: a line per file where asked, and a note for what runs long', () => {
    const io = ioWith(false);
    const progress = runProgress(io, { quiet: false, verb: 'upgrading', fileLines: 'stderr' });
    const { onProgress } = progress.apply({});
    onProgress?.(start('delta/slow.sql', 0, 1));
    vi.advanceTimersByTime(10_000);
    onProgress?.({
      type: 'still-running',
      file: file('delta/slow.sql'),
      ms: 5000,
      statement: { number: 1, total: 1, line: 3, excerpt: 'SELECT pg_sleep(10);' },
    });
    onProgress?.({ type: 'file-done', file: file('delta/slow.sql'), index: 0, total: 3, ms: 10_000 });
    progress.stop();
    expect(io.stderr.text).toBe(
      'delta/slow.sql:3: still running after 5.0 s: SELECT pg_sleep(10);\n  ✓ delta/slow.sql (10000 ms)\n',
    );
    expect(io.stdout.text).toBe('');
  });

  it('takes the threshold from PUM_SLOW_AFTER_MS, and shows nothing at all when quiet', () => {
    expect(
      runProgress(ioWith(false, { PUM_SLOW_AFTER_MS: '200' }), {
        quiet: false,
        verb: 'v',
        fileLines: 'none',
      }).apply({}).slowAfterMs,
    ).toBe(200);
    expect(
      runProgress(ioWith(false), { quiet: false, verb: 'v', fileLines: 'none' }).apply({}).slowAfterMs,
    ).toBeUndefined();
    const io = ioWith(true);
    const quiet = runProgress(io, { quiet: true, verb: 'upgrading', fileLines: 'stdout' }).apply({});
    expect(quiet).toEqual({});
    expect(io.stderr.text).toBe('');
  });
});

describe('stillRunningText', () => {
  const ms = 6000;
  it('names the statement by its position, line and first line when known', () => {
    expect(
      stillRunningText({
        type: 'still-running',
        file: file('d/idx.sql'),
        ms,
        statement: { number: 2, total: 5, line: 7, excerpt: 'CREATE INDEX CONCURRENTLY i ON t (a);' },
      }),
    ).toBe('d/idx.sql:7: still running after 6.0 s, statement 2 of 5: CREATE INDEX CONCURRENTLY i ON t (a);');
  });
  it('says when the statement running cannot be known', () => {
    const event = { type: 'still-running', file: file('d/big.sql'), ms, statement: undefined } as const;
    expect(stillRunningText(event, 12)).toBe(
      'd/big.sql: still running after 6.0 s (its 12 statements are sent together: which one runs is not known)',
    );
    expect(stillRunningText(event, undefined)).toBe('d/big.sql: still running after 6.0 s');
  });
  it('formats durations', () => {
    expect([850, 4200, 73_400].map(formatDuration)).toEqual(['850 ms', '4.2 s', '73 s']);
  });
});
