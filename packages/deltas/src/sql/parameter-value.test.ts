import { describe, expect, it } from 'vitest';
import { type ParameterValue, parameterLiteral, parameterText } from './parameter-value.js';

describe('parameterLiteral and parameterText', () => {
  it.each<[ParameterValue, string, string]>([
    [{ type: 'boolean', value: true }, 'TRUE', 'true'],
    [{ type: 'boolean', value: false }, 'FALSE', 'false'],
    [{ type: 'integer', value: 2056 }, '2056', '2056'],
    [{ type: 'integer', value: -3 }, ' -3', '-3'],
    [{ type: 'integer', value: '+42' }, '42', '42'],
    [{ type: 'integer', value: '007' }, '007', '007'],
    [{ type: 'decimal', value: 1.5 }, '1.5', '1.5'],
    [{ type: 'decimal', value: -0.25 }, ' -0.25', '-0.25'],
    [{ type: 'decimal', value: 1e21 }, '1e+21', '1e+21'],
    [{ type: 'decimal', value: '.5' }, '.5', '.5'],
    [{ type: 'decimal', value: '-2.5E-3' }, ' -2.5E-3', '-2.5E-3'],
    [{ type: 'text', value: "it's" }, "'it''s'", "it's"],
    [{ type: 'text', value: 'C:\\x' }, "E'C:\\\\x'", 'C:\\x'],
    [{ type: 'text', value: '' }, "''", ''],
    [{ type: 'path', value: '/data/dem.tif' }, "'/data/dem.tif'", '/data/dem.tif'],
  ])('case %# is %j in code and %j raw', (parameter, literal, raw) => {
    expect(parameterLiteral('P', parameter)).toBe(literal);
    expect(parameterText('P', parameter)).toBe(raw);
  });

  it('accepts bigints for integer and decimal parameters', () => {
    // Kept out of it.each: vitest cannot serialise bigint test arguments.
    const big = 12345678901234567890n;
    expect(parameterLiteral('P', { type: 'integer', value: big })).toBe('12345678901234567890');
    expect(parameterLiteral('P', { type: 'decimal', value: -big })).toBe(' -12345678901234567890');
    expect(parameterText('P', { type: 'decimal', value: 3n })).toBe('3');
  });

  it.each<ParameterValue>([
    { type: 'boolean', value: 'true' },
    { type: 'boolean', value: 1 },
    { type: 'integer', value: 1.5 },
    { type: 'integer', value: 2 ** 60 },
    { type: 'integer', value: '12a' },
    { type: 'integer', value: '' },
    { type: 'integer', value: '1 OR 1=1' },
    { type: 'decimal', value: Number.NaN },
    { type: 'decimal', value: Number.POSITIVE_INFINITY },
    { type: 'decimal', value: '1,5' },
    { type: 'decimal', value: '1e' },
    { type: 'decimal', value: true },
    { type: 'text', value: 5 },
    { type: 'text', value: 'a\u0000b' },
    { type: 'path', value: false },
    { type: 'json' as 'text', value: '{}' },
  ])('refuses case %#', (parameter) => {
    expect(() => parameterLiteral('P', parameter, ' (used at a.sql:1:2)')).toThrow(
      expect.objectContaining({
        code: 'PUM_INVALID_ARGUMENT',
        message: expect.stringMatching(
          /^parameter P is declared \w+ but its value .* \(used at a\.sql:1:2\)$/,
        ),
      }),
    );
  });
});
