import { describe, expect, it } from 'vitest';
import type { CliIo, TextOutput } from './io.js';
import { progressFor } from './progress.js';
import { recordingStream } from './recording-stream.test-helper.js';

const ioWith = (stderr: TextOutput): CliIo => ({ stdout: recordingStream(false), stderr, env: {}, cwd: '/' });

describe('progressFor', () => {
  it('draws a bar with the current table on a terminal, and clears it when stopped', () => {
    const stderr = recordingStream(true);
    const progress = progressFor(ioWith(stderr), 'restoring');
    progress.update(1, 3, 'wn_od.node');
    progress.update(2, 3, 'wn_od.pipe');
    progress.stop();
    expect(stderr.text).toContain('restoring [');
    expect(stderr.text).toContain('2/3 tables  wn_od.pipe');
  });

  it('counts tables when the total is unknown', () => {
    const stderr = recordingStream(true);
    const progress = progressFor(ioWith(stderr), 'dumping');
    progress.update(5, undefined, 'wn_od.valve');
    progress.stop();
    expect(stderr.text).toContain('dumping 5 tables  wn_od.valve');
  });

  it('shows nothing when stderr is not a terminal, or when asked to be quiet', () => {
    for (const [stderr, quiet] of [
      [recordingStream(false), false],
      [recordingStream(true), true],
    ] as const) {
      const progress = progressFor(ioWith(stderr), 'dumping', { quiet });
      progress.update(1, 2, 'x');
      progress.stop();
      expect(stderr.text).toBe('');
    }
  });
});
