import { describe, expect, it } from 'vitest';
import { splitCheck } from './settle-expressions.js';

describe('splitCheck', () => {
  it('takes the expression out of a check definition, quotes and suffixes included', () => {
    expect(splitCheck('CHECK ((a > 0))')).toEqual({ expression: '(a > 0)', rest: '' });
    expect(splitCheck(`CHECK ((s <> ')(' AND "we)ird" = 'it''s')) NOT VALID`)).toEqual({
      expression: `(s <> ')(' AND "we)ird" = 'it''s')`,
      rest: ' NOT VALID',
    });
    expect(splitCheck('CHECK ((a > 0)) NO INHERIT')?.rest).toBe(' NO INHERIT');
  });

  it('refuses what is not a check', () => {
    expect(splitCheck('UNIQUE (a)')).toBeUndefined();
    expect(splitCheck("CHECK ((a = 'x)")).toBeUndefined();
    expect(splitCheck('CHECK ((a > 0)')).toBeUndefined();
  });
});
