import { isPumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { contentRange, lexSql, type SqlToken } from './lexer.js';

/** `kind:text` of every token that is not whitespace-only code. */
function show(text: string): string[] {
  return lexSql(text)
    .filter((t) => !(t.kind === 'code' && text.slice(t.start, t.end).trim() === ''))
    .map((t) => `${t.kind}:${text.slice(t.start, t.end).trim()}`);
}

function body(text: string, token: SqlToken | undefined): string {
  if (token === undefined) throw new Error('no token');
  const { start, end } = contentRange(token);
  return text.slice(start, end);
}

function lexError(text: string, source?: string): unknown {
  try {
    lexSql(text, { source });
  } catch (error) {
    return error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

describe('lexSql', () => {
  it('covers the text exactly, in order, without gaps', () => {
    const text = 'SELECT \'a;b\', "c;d", $x$;$x$, $1 -- e;f\n/* g;h */ ;\\echo hi\nx';
    const tokens = lexSql(text);
    let at = 0;
    for (const token of tokens) {
      expect(token.start).toBe(at);
      expect(token.end).toBeGreaterThan(token.start);
      at = token.end;
    }
    expect(at).toBe(text.length);
  });

  it('tells words, code, literals, comments and semicolons apart', () => {
    expect(show("SELECT a.b+1, 'x' FROM t; -- done")).toEqual([
      'word:SELECT',
      'word:a',
      'code:.',
      'word:b',
      'code:+1,',
      "string:'x'",
      'word:FROM',
      'word:t',
      'semicolon:;',
      'comment:-- done',
    ]);
  });

  it('reads doubled quotes inside strings and identifiers', () => {
    expect(show('\'it\'\'s;\' "a ""b"";"')).toEqual(["string:'it''s;'", 'identifier:"a ""b"";"']);
  });

  it('reads backslash escapes only in E strings', () => {
    const text = "E'it\\'s;' e'\\\\' 'C:\\' x";
    expect(show(text)).toEqual(["string:E'it\\'s;'", "string:e'\\\\'", "string:'C:\\'", 'word:x']);
    expect(lexSql(text)[0]).toMatchObject({ kind: 'string', prefix: 'E' });
  });

  it('reads prefixed literals: U&, B, X, N, and U& identifiers', () => {
    expect(show("U&'d\\0061t' u&\"x\" B'101' x'1F' N'n' U&'a' UESCAPE '!'")).toEqual([
      "string:U&'d\\0061t'",
      'identifier:u&"x"',
      "string:B'101'",
      "string:x'1F'",
      "string:N'n'",
      "string:U&'a'",
      'word:UESCAPE',
      "string:'!'",
    ]);
  });

  it('only takes a one-letter word as a prefix', () => {
    expect(show("xe'a' be 'b' U &'c'")).toEqual([
      'word:xe',
      "string:'a'",
      'word:be',
      "string:'b'",
      'word:U',
      'code:&',
      "string:'c'",
    ]);
  });

  it('reads dollar quotes with and without tags, and their tags', () => {
    const text = '$$a;b$$ $fn$ $$x$$ ; $fn$ $_1$q$_1$ $Ab$ $ab$ $Ab$';
    const tokens = lexSql(text).filter((t) => t.kind === 'dollar');
    expect(tokens.map((t) => (t.kind === 'dollar' ? t.tag : ''))).toEqual(['', 'fn', '_1', 'Ab']);
    expect(tokens.map((t) => body(text, t))).toEqual(['a;b', ' $$x$$ ; ', 'q', ' $ab$ ']);
  });

  it('keeps other tags inside a dollar body as text (nested dollar quotes)', () => {
    const text = "DO $a$ BEGIN EXECUTE $b$ SELECT ';' $b$; END $a$; SELECT 1";
    expect(show(text)).toEqual([
      'word:DO',
      "dollar:$a$ BEGIN EXECUTE $b$ SELECT ';' $b$; END $a$",
      'semicolon:;',
      'word:SELECT',
      'code:1',
    ]);
  });

  it('ends a body at the first exact closing tag, like the server', () => {
    const text = '$a$x$ab$y$$z$a$';
    expect(lexSql(text)).toEqual([{ kind: 'dollar', start: 0, end: text.length, tag: 'a' }]);
  });

  it('reads positional parameters, not as dollar quotes', () => {
    expect(show('SELECT $1, $23::int, $$x$$')).toEqual([
      'word:SELECT',
      'param:$1',
      'code:,',
      'param:$23',
      'code:::',
      'word:int',
      'code:,',
      'dollar:$$x$$',
    ]);
  });

  it('keeps $ inside identifiers, as PostgreSQL does', () => {
    expect(show('SELECT foo$bar, a$$ FROM t$1')).toEqual([
      'word:SELECT',
      'word:foo$bar',
      'code:,',
      'word:a$$',
      'word:FROM',
      'word:t$1',
    ]);
  });

  it('does not start a tag with a digit', () => {
    expect(show('$1a$')).toEqual(['param:$1', 'word:a$']);
  });

  it('nests block comments', () => {
    const text = "/* a /* b; */ 'c */ SELECT 1; /**/ /***/ /* x */";
    expect(show(text)).toEqual([
      "comment:/* a /* b; */ 'c */",
      'word:SELECT',
      'code:1',
      'semicolon:;',
      'comment:/**/',
      'comment:/***/',
      'comment:/* x */',
    ]);
  });

  it('ends line comments at \\n or \\r', () => {
    const text = "-- a 'b\r\nSELECT 1;\r-- c\n";
    expect(show(text)).toEqual(["comment:-- a 'b", 'word:SELECT', 'code:1', 'semicolon:;', 'comment:-- c']);
  });

  it('sees comments inside operators, as the server does', () => {
    expect(show('a+--x\nb */ c /*y*/')).toEqual([
      'word:a',
      'code:+',
      'comment:--x',
      'word:b',
      'code:*/',
      'word:c',
      'comment:/*y*/',
    ]);
  });

  it('reports psql meta-commands, anywhere outside literals, up to the end of the line', () => {
    expect(show("\\set srid 2056\nSELECT :srid \\gset\n'\\x'")).toEqual([
      'meta:\\set srid 2056',
      'word:SELECT',
      'code::',
      'word:srid',
      'meta:\\gset',
      "string:'\\x'",
    ]);
  });

  it('treats a byte-order mark as code and CRLF as whitespace', () => {
    const text = '\uFEFFSELECT 1;\r\n';
    expect(lexSql(text).map((t) => t.kind)).toEqual(['code', 'word', 'code', 'semicolon', 'code']);
  });

  it('takes non-ASCII letters as identifier characters', () => {
    expect(show('SELECT état, $é$x$é$')).toEqual(['word:SELECT', 'word:état', 'code:,', 'dollar:$é$x$é$']);
  });

  it.each([
    ["SELECT 'abc", 'unterminated quoted string', 1, 8],
    ["SELECT 1;\n  E'it\\'s", 'unterminated quoted string', 2, 3],
    ["E'ends in backslash\\'", 'unterminated quoted string', 1, 1],
    ['SELECT "abc', 'unterminated quoted identifier', 1, 8],
    ["\r\n\r\nU&'x", 'unterminated quoted string', 3, 1],
    ['SELECT 1;\n/* a /* b */', 'unterminated /* comment', 2, 1],
    ['x\n  $fn$ body $fn', 'unterminated dollar-quoted string $fn$', 2, 3],
    ['\uFEFF$$', 'unterminated dollar-quoted string $$', 1, 1],
    ["SELECT '😀', 'x", 'unterminated quoted string', 1, 13],
  ])('fails on %j with line and column', (text, message, line, column) => {
    const error = lexError(text, 'f.sql');
    expect(isPumError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: `${message} at f.sql:${line}:${column}`,
      details: { source: 'f.sql', line, column },
    });
  });

  it('says line and column when no source is given', () => {
    expect(lexError("\n'x")).toMatchObject({ message: 'unterminated quoted string at line 2, column 1' });
  });
});

describe('contentRange', () => {
  it('gives the inside of literals', () => {
    const text = 'E\'a\' U&"b" $t$c$t$ $$$$ x';
    const tokens = lexSql(text).filter((t) => t.kind !== 'code');
    expect(tokens.map((t) => body(text, t))).toEqual(['a', 'b', 'c', '', 'x']);
  });
});
