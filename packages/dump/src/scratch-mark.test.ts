import { describe, expect, it } from 'vitest';
import { formatScratchMark, parseScratchMark, type ScratchMark } from './scratch-mark.js';

const mark: ScratchMark = {
  kind: 'test copy',
  of: 'qwat "prod" created x by run y',
  run: '0d9c5d6e-4a3f-4a53-9d4f-4d0b4f9c2a11',
  createdAt: '2025-01-01T08:00:00.000Z',
  kept: false,
};

describe('scratch marks', () => {
  it('read back what they write, kept or not, whatever the production name', () => {
    expect(formatScratchMark({ ...mark, of: 'qwat' })).toBe(
      'pum test copy of "qwat" created 2025-01-01T08:00:00.000Z by run 0d9c5d6e-4a3f-4a53-9d4f-4d0b4f9c2a11',
    );
    for (const m of [mark, { ...mark, kept: true }, { ...mark, kind: 'reference' as const }]) {
      expect(parseScratchMark(formatScratchMark(m))).toEqual(m);
    }
  });

  it('are not found in comments that are not exactly theirs', () => {
    for (const comment of [
      null,
      '',
      'production database',
      `${formatScratchMark(mark)} (edited)`,
      formatScratchMark(mark).replace('by run 0d9c', 'by run zzzz'),
      'pum test copy of qwat created 2025-01-01T08:00:00.000Z by run 0d9c5d6e-4a3f-4a53-9d4f-4d0b4f9c2a11',
    ]) {
      expect(parseScratchMark(comment)).toBeUndefined();
    }
  });
});
