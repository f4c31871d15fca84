import { describe, expect, it } from 'vitest';
import { isPumError } from './errors.js';
import { compareVersions, isVersion, parseVersion } from './version.js';

describe('parseVersion', () => {
  it('parses dotted numbers', () => {
    expect(parseVersion('1.10.0')).toEqual({ text: '1.10.0', parts: [1, 10, 0] });
    expect(parseVersion('2025.0.1').parts).toEqual([2025, 0, 1]);
    expect(parseVersion('7').parts).toEqual([7]);
    expect(parseVersion('01.002').parts).toEqual([1, 2]);
  });

  it.each(['', '1.', '.1', '1..2', 'v1.0', '1.0-beta', '1.0.0 ', ' 1', 'abc', '1,2', '1.-2', 'delta_1.0.0'])(
    'rejects %j with an error naming the input',
    (input) => {
      try {
        parseVersion(input);
        expect.unreachable();
      } catch (error) {
        expect(isPumError(error)).toBe(true);
        expect(error).toMatchObject({ code: 'PUM_INVALID_VERSION', details: { input } });
        expect((error as Error).message).toContain(JSON.stringify(input));
      }
    },
  );

  it('rejects parts too large to compare exactly', () => {
    expect(() => parseVersion('1.99999999999999999999')).toThrow(/too large/);
    expect(isVersion('1.99999999999999999999')).toBe(false);
  });
});

describe('compareVersions', () => {
  it('compares numerically, part by part', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
    expect(compareVersions('1.9.0', '1.10.0')).toBe(-1);
    expect(compareVersions('2.0', '10.0')).toBe(-1);
    expect(compareVersions('2025.0.1', '2024.12.31')).toBe(1);
  });

  it('treats missing parts as zero', () => {
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('1', '1.0.0.0')).toBe(0);
    expect(compareVersions('1.0.1', '1')).toBe(1);
  });

  it('sorts the way PUM should have', () => {
    const sorted = ['1.10.0', '1.9.0', '1.0', '1.2.10', '1.2.9', '0.9'].sort(compareVersions);
    expect(sorted).toEqual(['0.9', '1.0', '1.2.9', '1.2.10', '1.9.0', '1.10.0']);
  });

  it('accepts parsed versions', () => {
    expect(compareVersions(parseVersion('1.10'), parseVersion('1.9'))).toBe(1);
  });

  it('rejects a non-version on either side', () => {
    expect(() => compareVersions('1.0', 'latest')).toThrow('"latest" is not a version');
    expect(() => compareVersions('x', '1.0')).toThrow('"x" is not a version');
  });
});

describe('isVersion', () => {
  it('tells versions from other names', () => {
    expect(isVersion('1.0.0')).toBe(true);
    expect(isVersion('2025.0.1')).toBe(true);
    expect(isVersion('pre-all')).toBe(false);
    expect(isVersion('')).toBe(false);
  });
});
