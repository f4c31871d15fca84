import { describe, expect, it } from 'vitest';
import { compileIgnoreRules, parseIgnoreRules } from './ignore-rules.js';

describe('parseIgnoreRules', () => {
  it('reads kinds, patterns, negations and comments', () => {
    const text =
      '\uFEFF# third-party tables\ntables   qwat_od.tmp_*   # temporary\r\ntables !qwat_od.tmp_keep\n\nmaterialized-views *\n*  audit.*\n';
    expect(parseIgnoreRules(text, '.pumignore')).toEqual([
      { kind: 'tables', pattern: 'qwat_od.tmp_*', negate: false },
      { kind: 'tables', pattern: 'qwat_od.tmp_keep', negate: true },
      { kind: 'materializedViews', pattern: '*', negate: false },
      { kind: '*', pattern: 'audit.*', negate: false },
    ]);
  });

  it('names file and line of a malformed rule', () => {
    expect(() => parseIgnoreRules('tables a\ntables', '.pumignore')).toThrow(
      '.pumignore:2: expected "<kind> <pattern>"',
    );
    expect(() => parseIgnoreRules('tables a b', 'x')).toThrow('x:1:');
  });

  it('names file and line of an unknown kind', () => {
    try {
      parseIgnoreRules('\n\ntabels a', 'rules.txt');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('rules.txt:3: unknown object kind "tabels"');
      expect(error).toMatchObject({ code: 'PUM_INVALID_FILE', details: { source: 'rules.txt', line: 3 } });
    }
  });
});

describe('compileIgnoreRules', () => {
  it('lets the last matching rule decide', () => {
    const ignored = compileIgnoreRules(parseIgnoreRules('tables a.*\ntables !a.keep*\ntables a.keep_not'));
    expect(ignored('tables', 'a.x')).toBe(true);
    expect(ignored('tables', 'a.keep_me')).toBe(false);
    expect(ignored('tables', 'a.keep_not')).toBe(true);
    expect(ignored('views', 'a.x')).toBe(false);
    expect(ignored('tables', 'b.x')).toBe(false);
  });
});
