import { describe, expect, it } from 'vitest';
import { psqlPattern, schemaMatcher } from './schema-patterns.js';

describe('schemaMatcher', () => {
  it('matches globs, case-sensitively, every other character literal', () => {
    const excluded = schemaMatcher(['public', 'tiger*', 'a?c', 'x.y', 'My Schema']);
    for (const name of ['public', 'tiger', 'tiger_data', 'abc', 'x.y', 'My Schema'])
      expect(excluded(name), name).toBe(true);
    for (const name of ['Public', 'public2', 'ac', 'xzy', 'my schema', 'tige'])
      expect(excluded(name), name).toBe(false);
  });

  it('matches nothing without patterns', () => {
    expect(schemaMatcher([])('public')).toBe(false);
  });
});

describe('psqlPattern', () => {
  it('quotes the literal parts so pg_dump reads them exactly', () => {
    expect(psqlPattern('public')).toBe('"public"');
    expect(psqlPattern('tiger*')).toBe('"tiger"*');
    expect(psqlPattern('*')).toBe('*');
    expect(psqlPattern('My "odd".schema?')).toBe('"My ""odd"".schema"?');
  });

  it('refuses an empty pattern', () => {
    expect(() => psqlPattern('')).toThrow('cannot be empty');
  });
});
