import { describe, expect, it } from 'vitest';
import { PUM_KINDS, parseKind } from './kinds.js';
import { globPattern, likePattern } from './patterns.js';

describe('likePattern', () => {
  it('follows SQL LIKE', () => {
    expect(likePattern('%_old').test('name_old')).toBe(true);
    expect(likePattern('%_old').test('old')).toBe(false);
    expect(likePattern('a\\_b').test('a_b')).toBe(true);
    expect(likePattern('a\\_b').test('axb')).toBe(false);
    expect(likePattern('a.b').test('axb')).toBe(false);
    expect(likePattern('100\\%').test('100%')).toBe(true);
  });
});

describe('globPattern', () => {
  it('matches dots with *', () => {
    expect(globPattern('*.debug_*').test('app.debug_x')).toBe(true);
    expect(globPattern('a.?').test('a.bc')).toBe(false);
  });
});

describe('parseKind', () => {
  it("accepts PUM's nine kinds and every spelling of ours", () => {
    for (const kind of PUM_KINDS) expect(parseKind(kind)).toBe(kind);
    expect(parseKind('materialized_views')).toBe('materializedViews');
    expect(parseKind('EVENT-TRIGGERS')).toBe('eventTriggers');
    expect(() => parseKind('widgets')).toThrow('unknown object kind "widgets"');
    try {
      parseKind('widgets');
    } catch (error) {
      expect((error as { hint: string }).hint).toMatch(/^use one of: schemas, extensions, tables/);
    }
  });
});
