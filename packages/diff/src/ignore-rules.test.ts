import { describe, expect, it } from 'vitest';
import { parseFieldName } from './field-names.js';
import { compileIgnoreRules, decidingRule, parseIgnoreRules } from './ignore-rules.js';

describe('parseIgnoreRules', () => {
  it('reads kinds, patterns, negations and comments', () => {
    const text =
      '\uFEFF# third-party tables\ntables   qwat_od.tmp_*   # temporary\r\ntables !qwat_od.tmp_keep\n\nmaterialized-views *\n*  audit.*\n';
    expect(parseIgnoreRules(text, '.pumignore')).toEqual([
      { kind: 'tables', pattern: 'qwat_od.tmp_*', negate: false, source: '.pumignore:2' },
      { kind: 'tables', pattern: 'qwat_od.tmp_keep', negate: true, source: '.pumignore:3' },
      { kind: 'materializedViews', pattern: '*', negate: false, source: '.pumignore:5' },
      { kind: '*', pattern: 'audit.*', negate: false, source: '.pumignore:6' },
    ]);
  });

  it('reads field rules, with or without a glob', () => {
    expect(
      parseIgnoreRules('columns.position\nsequences.dataType qwat_od.*\ncolumns.identity.start !a.*', 'f'),
    ).toEqual([
      { kind: 'columns', field: 'position', pattern: '*', negate: false, source: 'f:1' },
      { kind: 'sequences', field: 'dataType', pattern: 'qwat_od.*', negate: false, source: 'f:2' },
      { kind: 'columns', field: 'identity.start', pattern: 'a.*', negate: true, source: 'f:3' },
    ]);
  });

  it('names file and line of an unknown field, and the valid ones', () => {
    try {
      parseIgnoreRules('columns.position\nsequences.type', 'rules.txt');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe('rules.txt:2: sequences have no field "type"');
      expect((error as { hint: string }).hint).toMatch(
        /^did you mean sequences\.dataType\? fields of sequences: .*dataType/,
      );
      expect(error).toMatchObject({ code: 'PUM_INVALID_FILE', details: { source: 'rules.txt', line: 2 } });
    }
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

describe('decidingRule', () => {
  it('keeps field rules apart from object rules, a field covering the fields under it', () => {
    const decide = decidingRule(
      parseIgnoreRules('columns.identity\ncolumns.position a.*\ncolumns.position !a.keep\ntables a.x'),
    );
    expect(decide('columns', 'a.t.c', 'identity.start')?.field).toBe('identity');
    expect(decide('columns', 'a.t.c', 'identity')?.field).toBe('identity');
    expect(decide('columns', 'a.t.c', 'identityx')).toBeUndefined();
    expect(decide('columns', 'a.t.c', 'position')?.source).toBe('ignore rules:2');
    expect(decide('columns', 'a.keep', 'position')).toBeUndefined();
    expect(decide('columns', 'a.t.c')).toBeUndefined();
    expect(decide('tables', 'a.x')?.pattern).toBe('a.x');
    expect(compileIgnoreRules(parseIgnoreRules('columns.position'))('columns', 'a.t.c')).toBe(false);
  });
});

describe('parseFieldName', () => {
  it('takes kinds in any spelling and fields exactly as the report writes them', () => {
    expect(parseFieldName('columns.position')).toEqual({ kind: 'columns', field: 'position' });
    expect(parseFieldName('materialized-views.definition')).toEqual({
      kind: 'materializedViews',
      field: 'definition',
    });
    expect(parseFieldName('constraints.foreignKey.onDelete')).toEqual({
      kind: 'constraints',
      field: 'foreignKey.onDelete',
    });
  });

  it('is a usage error naming the valid kinds or fields', () => {
    expect(() => parseFieldName('column.position')).toThrow('unknown object kind "column"');
    expect(() => parseFieldName('columns')).toThrow('"columns" is not a field: expected <kind>.<field>');
    expect(() => parseFieldName('columns.key')).toThrow('columns have no field "key"');
    try {
      parseFieldName('columns.Position');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'PUM_INVALID_ARGUMENT' });
      expect((error as { hint: string }).hint).toMatch(
        /^did you mean columns\.position\? fields of columns: schema, table, name, position, type, /,
      );
    }
  });
});
