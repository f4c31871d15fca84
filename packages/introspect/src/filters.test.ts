import { describe, expect, it } from 'vitest';
import { exactRegex, globToRegex, schemaFilterParams } from './filters.js';

const matches = (glob: string, name: string) => new RegExp(globToRegex(glob)).test(name);

describe('globToRegex', () => {
  it('anchors and translates * and ?', () => {
    expect(globToRegex('qwat_*')).toBe('^qwat_.*$');
    expect(matches('qwat_*', 'qwat_od')).toBe(true);
    expect(matches('qwat_*', 'my_qwat_od')).toBe(false);
    expect(matches('a?c', 'abc')).toBe(true);
    expect(matches('a?c', 'abbc')).toBe(false);
  });

  it('keeps every other character literal', () => {
    for (const name of ['a.b', 'a+b', '(x)', '[y]', '{z}', 'a|b', 'a^b$', 'back\\slash']) {
      expect(matches(name, name)).toBe(true);
    }
    expect(matches('a.b', 'axb')).toBe(false);
    expect(matches('a|b', 'a')).toBe(false);
  });
});

describe('schemaFilterParams', () => {
  it('always excludes system and temporary schemas', () => {
    const { include, exclude } = schemaFilterParams();
    expect(include).toEqual([]);
    for (const name of ['pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_3', 'pg_toast_temp_3']) {
      expect(exclude.some((re) => new RegExp(re).test(name))).toBe(true);
    }
    expect(exclude.some((re) => new RegExp(re).test('public'))).toBe(false);
  });

  it('adds user globs', () => {
    const { include, exclude } = schemaFilterParams(['qwat_*'], ['public', 'tiger*']);
    expect(include).toEqual(['^qwat_.*$']);
    expect(exclude).toContain('^public$');
    expect(exclude).toContain('^tiger.*$');
  });
});

describe('exactRegex', () => {
  it('matches only the name itself', () => {
    for (const name of ['topology', 'a*b', 'a?b', 'a.b', '(x)|y', 'back\\slash', '[z]{2}^$+']) {
      expect(new RegExp(exactRegex(name)).test(name)).toBe(true);
    }
    expect(new RegExp(exactRegex('a*b')).test('aab')).toBe(false);
    expect(new RegExp(exactRegex('a.b')).test('axb')).toBe(false);
  });
});
