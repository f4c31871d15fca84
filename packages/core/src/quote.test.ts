import { describe, expect, it } from 'vitest';
import { parseQualifiedName, qualifiedName, quoteIdent, quoteLiteral } from './quote.js';

describe('quoteIdent', () => {
  it.each([
    ['plain', '"plain"'],
    ['Upper', '"Upper"'],
    ['with space', '"with space"'],
    ['semi;colon', '"semi;colon"'],
    ['dot.ted', '"dot.ted"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['Zürich_Straße_水', '"Zürich_Straße_水"'],
    ["it's", '"it\'s"'],
    ['select', '"select"'],
    ['a"; drop table x; --', '"a""; drop table x; --"'],
  ])('quotes %j as %s', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it('rejects an empty identifier and NUL', () => {
    expect(() => quoteIdent('')).toThrow(/cannot be empty/);
    expect(() => quoteIdent('a\u0000b')).toThrow(/NUL/);
  });
});

describe('quoteLiteral', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ["''", "''''''"],
    ['semi;colon --', "'semi;colon --'"],
    ['C:\\data', "E'C:\\\\data'"],
    ["back\\'slash", "E'back\\\\''slash'"],
    ['\\d{4}', "E'\\\\d{4}'"],
    ['{1,2}', "'{1,2}'"],
    ['Zürich 水', "'Zürich 水'"],
    ['', "''"],
  ])('quotes %j as %s', (value, quoted) => {
    expect(quoteLiteral(value)).toBe(quoted);
  });

  it('writes numbers, bigints, booleans and NULL', () => {
    expect(quoteLiteral(2056)).toBe("'2056'");
    expect(quoteLiteral(10n ** 20n)).toBe("'100000000000000000000'");
    expect(quoteLiteral(true)).toBe('TRUE');
    expect(quoteLiteral(false)).toBe('FALSE');
    expect(quoteLiteral(null)).toBe('NULL');
  });

  it('rejects values PostgreSQL cannot hold', () => {
    expect(() => quoteLiteral(Number.NaN)).toThrow(/NaN/);
    expect(() => quoteLiteral(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
    expect(() => quoteLiteral('a\u0000')).toThrow(/NUL/);
  });
});

describe('qualifiedName', () => {
  it('quotes each part on its own', () => {
    expect(qualifiedName('qwat_sys', 'info')).toBe('"qwat_sys"."info"');
    expect(qualifiedName('my.schema', 'My Table')).toBe('"my.schema"."My Table"');
    expect(qualifiedName(undefined, 'info')).toBe('"info"');
  });
});

describe('parseQualifiedName', () => {
  it.each([
    ['qwat_sys.info', 'qwat_sys', 'info'],
    ['QGEP_SYS.Pum_Info', 'qgep_sys', 'pum_info'],
    ['info', undefined, 'info'],
    ['"My.Schema"."T x"', 'My.Schema', 'T x'],
    ['"a""b".c', 'a"b', 'c'],
    ['s."Info"', 's', 'Info'],
    [' s . t ', 's', 't'],
  ])('parses %j', (input, schema, name) => {
    expect(parseQualifiedName(input)).toEqual({ schema, name });
  });

  it.each([
    ['', /empty part/],
    ['a.', /ends with a dot/],
    ['.a', /empty part/],
    ['a.b.c', /more than two parts/],
    ['"unterminated', /unterminated/],
    ['""', /empty quoted/],
    ['"a"b', /unexpected "b"/],
    ['a"b', /double quote inside/],
  ])('rejects %j, naming it', (input, why) => {
    expect(() => parseQualifiedName(input)).toThrow(why);
    expect(() => parseQualifiedName(input)).toThrow(JSON.stringify(input));
  });
});
