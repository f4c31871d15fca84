import { describe, expect, it } from 'vitest';
import { scanStatements, splitStatements } from './split.js';

const texts = (sql: string): string[] => splitStatements(sql).map((s) => s.text);

describe('splitStatements', () => {
  it('splits at top-level semicolons and keeps positions', () => {
    const sql = '-- set up\nCREATE TABLE t (a text);\n\n  INSERT INTO t VALUES (1);';
    expect(splitStatements(sql)).toEqual([
      { text: 'CREATE TABLE t (a text);', start: 10, end: 34, line: 2, column: 1 },
      { text: 'INSERT INTO t VALUES (1);', start: 38, end: 63, line: 4, column: 3 },
    ]);
  });

  it('never splits inside strings, identifiers, dollar quotes or comments', () => {
    const sql = [
      "SELECT 'a;b', E'c\\';d', \"e;f\";",
      'DO $a$ BEGIN EXECUTE $b$ SELECT 1; $b$; END $a$;',
      'SELECT 1 /* x; /* y; */ z; */ + 1; -- w;',
      'SELECT 2',
    ].join('\n');
    expect(texts(sql)).toEqual([
      "SELECT 'a;b', E'c\\';d', \"e;f\";",
      'DO $a$ BEGIN EXECUTE $b$ SELECT 1; $b$; END $a$;',
      'SELECT 1 /* x; /* y; */ z; */ + 1;',
      'SELECT 2',
    ]);
  });

  it('skips empty and comment-only statements', () => {
    expect(texts(';;\n-- only a comment\n;  /* and another */ ;\nSELECT 1;;\n-- trailing')).toEqual([
      'SELECT 1;',
    ]);
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements('  \n-- nothing\n')).toEqual([]);
  });

  it('ends the last statement at its last token, not at trailing comments', () => {
    expect(splitStatements('SELECT 1 -- no semicolon\n')).toEqual([
      { text: 'SELECT 1', start: 0, end: 8, line: 1, column: 1 },
    ]);
  });

  it('keeps comments inside a statement', () => {
    expect(texts('SELECT /* a; */ 1 -- b;\n + 2;')).toEqual(['SELECT /* a; */ 1 -- b;\n + 2;']);
  });

  it('does not split inside parentheses (multi-action rules)', () => {
    const rule =
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));';
    expect(texts(`${rule}\nSELECT 1;`)).toEqual([rule, 'SELECT 1;']);
  });

  it('keeps a BEGIN ATOMIC body in one statement', () => {
    const fn = [
      'CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql',
      'BEGIN ATOMIC',
      '  INSERT INTO log VALUES (a);',
      '  SELECT CASE WHEN a > 0 THEN 1 ELSE CASE WHEN a < 0 THEN -1 END END;',
      'END;',
    ].join('\n');
    const procedure = 'create procedure p() begin /* c */ atomic insert into t values (1); end';
    expect(texts(`${fn}\nSELECT f(1);\n${procedure};\nSELECT 2;`)).toEqual([
      fn,
      'SELECT f(1);',
      `${procedure};`,
      'SELECT 2;',
    ]);
  });

  it('counts BEGIN ATOMIC only in function and procedure definitions', () => {
    expect(texts('BEGIN; SELECT CASE WHEN true THEN 1 END; END;')).toEqual([
      'BEGIN;',
      'SELECT CASE WHEN true THEN 1 END;',
      'END;',
    ]);
    expect(texts('CREATE TABLE begin_atomic (atomic int); SELECT 1;')).toEqual([
      'CREATE TABLE begin_atomic (atomic int);',
      'SELECT 1;',
    ]);
  });

  it('splits a PL/pgSQL function with BEGIN … END inside its dollar body normally', () => {
    const fn = 'CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END; $$ LANGUAGE plpgsql;';
    expect(texts(`${fn} SELECT 1;`)).toEqual([fn, 'SELECT 1;']);
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const sql = '\uFEFF-- header\r\nSELECT 1;\r\nSELECT\r\n  2;\r\n';
    expect(splitStatements(sql)).toEqual([
      { text: 'SELECT 1;', start: 12, end: 21, line: 2, column: 1 },
      { text: 'SELECT\r\n  2;', start: 23, end: 35, line: 3, column: 1 },
    ]);
  });

  it('throws on unterminated constructs with the source name', () => {
    expect(() => splitStatements('SELECT 1;\nSELECT $x$ never closed', { source: 'a.sql' })).toThrow(
      'unterminated dollar-quoted string $x$ at a.sql:2:8',
    );
  });
});

describe('scanStatements', () => {
  it('says whether the text ends inside parentheses or a BEGIN ATOMIC body', () => {
    const endsOpen = (sql: string) => scanStatements(sql).endsOpen;
    expect(endsOpen('SELECT 1;')).toBe(false);
    expect(endsOpen('SELECT 1')).toBe(false);
    expect(endsOpen('SELECT 1 -- a comment, no newline')).toBe(false);
    expect(endsOpen("SELECT '(' /* ( */")).toBe(false);
    expect(endsOpen('SELECT 1; SELECT (2')).toBe(true);
    expect(endsOpen('CREATE RULE r AS ON INSERT TO t DO (INSERT INTO u VALUES (1);')).toBe(true);
    const atomic = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;';
    expect(endsOpen(atomic)).toBe(true);
    expect(endsOpen(`${atomic} END`)).toBe(false);
    expect(scanStatements('SELECT 1; SELECT (2').statements).toEqual(splitStatements('SELECT 1; SELECT (2'));
  });
});
