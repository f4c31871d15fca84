import { describe, expect, it } from 'vitest';
import { parseCopyLine } from './copy-text.js';

describe('parseCopyLine', () => {
  it('splits on tabs and reads \\N as NULL', () => {
    expect(parseCopyLine('1\tpum\t\\N\t')).toEqual(['1', 'pum', null, '']);
  });

  it('decodes backslash escapes', () => {
    expect(parseCopyLine('a\\tb\\nc\\\\d\\r\\b\\f\\v')).toEqual(['a\tb\nc\\d\r\b\f\v']);
    expect(parseCopyLine('\\101\\x42\\x4a\\q')).toEqual(['ABJq']);
    expect(parseCopyLine('\\\\N')).toEqual(['\\N']);
  });

  it('keeps text without escapes as it is, unicode included', () => {
    expect(parseCopyLine('+proj=somerc +lat_0=46.95 é 🐘')).toEqual(['+proj=somerc +lat_0=46.95 é 🐘']);
  });
});
