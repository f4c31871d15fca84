import { describe, expect, it } from 'vitest';
import type { ParameterValue } from './parameter-value.js';
import type { PlaceholderDialect } from './placeholder-scan.js';
import { type SubstituteOptions, substitute } from './placeholders.js';

const SRID: ParameterValue = { type: 'integer', value: 2056 };
const parameters: Record<string, ParameterValue | undefined> = {
  SRID,
  LANG: { type: 'text', value: 'fr' },
  QUOTE: { type: 'text', value: "o'k" },
  SLASH: { type: 'text', value: 'C:\\x' },
  FLAG: { type: 'boolean', value: true },
  NEG: { type: 'integer', value: -5 },
  ratio: { type: 'decimal', value: 0.5 },
  MISSING: undefined,
};

function run(dialect: PlaceholderDialect, text: string, extra: Partial<SubstituteOptions> = {}) {
  return substitute(text, { dialect, parameters, source: 'f.sql', ...extra });
}
const pum1 = (text: string, extra?: Partial<SubstituteOptions>) => run('pum1', text, extra).text;
const pum0 = (text: string, extra?: Partial<SubstituteOptions>) => run('pum0', text, extra).text;
const psql = (text: string, extra?: Partial<SubstituteOptions>) => run('psql', text, extra).text;

function failure(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('no error');
}

describe('substitute, pum1 {NAME}', () => {
  it('writes SQL literals in code', () => {
    expect(pum1('SELECT {SRID}, {LANG}, {QUOTE}, {SLASH}, {FLAG}, {ratio};')).toBe(
      "SELECT 2056, 'fr', 'o''k', E'C:\\\\x', TRUE, 0.5;",
    );
  });

  it('keeps a negative number from turning into a comment', () => {
    expect(pum1('SELECT 1-{NEG}')).toBe('SELECT 1- -5');
  });

  it('writes raw values inside string literals, escaped for the quote', () => {
    expect(pum1("SELECT 'EPSG:{SRID}', 'lang={LANG}', 'q={QUOTE}', 'b={FLAG}'")).toBe(
      "SELECT 'EPSG:2056', 'lang=fr', 'q=o''k', 'b=true'",
    );
    expect(pum1("SELECT E'p={SLASH}\\n{QUOTE}'")).toBe("SELECT E'p=C:\\\\x\\no''k'");
    expect(pum1("SELECT N'{QUOTE}', U&'{SLASH}'")).toBe("SELECT N'o''k', U&'C:\\\\x'");
  });

  it('writes raw values inside quoted identifiers', () => {
    expect(pum1('CREATE TABLE "t_{SRID}" ("{QUOTE}" int, "a""{LANG}" int)')).toBe(
      'CREATE TABLE "t_2056" ("o\'k" int, "a""fr" int)',
    );
    expect(pum1('SELECT 1 AS "{X}"', { parameters: { X: { type: 'text', value: 'say "hi"' } } })).toBe(
      'SELECT 1 AS "say ""hi"""',
    );
  });

  it('refuses a U& literal with UESCAPE, whose escape character it cannot know', () => {
    expect(failure(() => pum1("SELECT U&'{SLASH}' /* c */ UESCAPE '!'"))).toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: 'cannot insert {SLASH} into a U& literal with UESCAPE at f.sql:1:11',
    });
  });

  it('substitutes in dollar-quoted function bodies: literals in their code, raw text in their strings', () => {
    const sql = [
      'CREATE FUNCTION f(g geometry) RETURNS geometry LANGUAGE sql AS $$',
      "  SELECT ST_SetSRID(g, {SRID}) WHERE current_setting('lang') = {LANG} AND 'EPSG:{SRID}' <> '{QUOTE}'",
      '$$;',
    ].join('\n');
    expect(pum1(sql)).toBe(
      [
        'CREATE FUNCTION f(g geometry) RETURNS geometry LANGUAGE sql AS $$',
        "  SELECT ST_SetSRID(g, 2056) WHERE current_setting('lang') = 'fr' AND 'EPSG:2056' <> 'o''k'",
        '$$;',
      ].join('\n'),
    );
  });

  it('follows nested dollar quotes with different tags', () => {
    const sql = "DO $a$ BEGIN EXECUTE $b$ SELECT {SRID}, '{LANG}' $b$; PERFORM {LANG}; END $a$";
    expect(pum1(sql)).toBe("DO $a$ BEGIN EXECUTE $b$ SELECT 2056, 'fr' $b$; PERFORM 'fr'; END $a$");
  });

  it('writes literals in a dollar body that does not lex as SQL', () => {
    expect(pum1("COMMENT ON TABLE t IS $$it's in {SRID}, {LANG}$$")).toBe(
      "COMMENT ON TABLE t IS $$it's in 2056, 'fr'$$",
    );
  });

  it('refuses a value that would end the dollar quote around it', () => {
    const tagged = { X: { type: 'text', value: 'x $f$ y' } } as const;
    expect(failure(() => pum1('SELECT $f$ {X} $f$', { parameters: tagged }))).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: 'the value of parameter X would end the dollar quote $f$ opened at f.sql:1:8',
    });
    expect(failure(() => pum1("SELECT $f$ '{X}' $f$", { parameters: tagged }))).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
    });
    // The tag formed across the value's edge: `$f` + `$y`.
    const edge = { X: { type: 'text', value: '$y' } } as const;
    expect(failure(() => pum1("SELECT $f$ 'x$f{X}' $f$", { parameters: edge }))).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
    });
    expect(
      failure(() => pum1('SELECT $$ {X} $$', { parameters: { X: { type: 'text', value: '$$' } } })),
    ).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
    });
    expect(pum1('SELECT $f$ {X} $f$', { parameters: { X: { type: 'text', value: '$$ $g$' } } })).toBe(
      "SELECT $f$ '$$ $g$' $f$",
    );
  });

  it('leaves braces that are not declared placeholders alone', () => {
    const sql = [
      "SELECT '{1,2}'::int[], '{}'::text[], '\\d{4}' ~ x, '{\"a\": {\"b\": 1}}'::jsonb, {SRID};",
      'SELECT $$ {"c": [{"d": {}}]} $$, regexp_replace(x, \'^(\\w{2,3})$\', \'\')',
    ].join('\n');
    const result = run('pum1', sql);
    expect(result.text).toBe(sql.replace('{SRID}', '2056'));
    expect(result.unescaped).toBe(false);
  });

  it('leaves unknown identifier-like names alone inside literals and bodies', () => {
    const sql = 'SELECT \'{srid}\', "{x}", $$ SELECT {unknown} $$';
    expect(pum1(sql)).toBe(sql);
  });

  it('fails on an unknown placeholder in code, with file:line:column', () => {
    const error = failure(() => pum1('SELECT 1;\r\n  SELECT {srid};'));
    expect(error).toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: 'unknown placeholder {srid} at f.sql:2:10',
      details: { source: 'f.sql', line: 2, column: 10 },
    });
    expect((error as { hint: string }).hint).toMatch(/declare srid/);
  });

  it('does not look into comments', () => {
    const sql = "-- {srid} {SRID} {{\nSELECT 1 /* {x} /* {SRID} */ '{' */;";
    expect(pum1(sql)).toBe(sql);
  });

  it('un-escapes {{ }} everywhere outside comments in a file PUM 1.x could format', () => {
    const sql = [
      '-- literal braces are doubled: {{ stays in comments',
      "SELECT '{{1,2}}'::int[], '{{\"a\": {{\"b\": {SRID}}}}}'::jsonb, '{{SRID}}', '{{{SRID}}}';",
      "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT '{{x}}' || {LANG} $$;",
    ].join('\n');
    const result = run('pum1', sql);
    expect(result.unescaped).toBe(true);
    expect(result.text).toBe(
      [
        '-- literal braces are doubled: {{ stays in comments',
        "SELECT '{1,2}'::int[], '{\"a\": {\"b\": 2056}}'::jsonb, '{SRID}', '{2056}';",
        "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT '{x}' || 'fr' $$;",
      ].join('\n'),
    );
  });

  it('takes a file with any single brace as written, doubled ones included', () => {
    const result = run('pum1', "SELECT '{{1}}'::int[], '{1}'::int[], '{{SRID}}'");
    expect(result).toEqual({
      text: "SELECT '{{1}}'::int[], '{1}'::int[], '{2056}'",
      used: ['SRID'],
      unescaped: false,
    });
  });

  it('lists the parameters used, once each, in order of first use', () => {
    expect(run('pum1', "SELECT {LANG}, '{SRID}', {LANG}, $$ {FLAG} $$ -- {ratio}").used).toEqual([
      'LANG',
      'SRID',
      'FLAG',
    ]);
  });

  it('fails on a declared parameter without a value', () => {
    expect(failure(() => pum1('SELECT\n {MISSING}'))).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: 'parameter MISSING has no value at f.sql:2:2',
      details: { parameter: 'MISSING', line: 2, column: 2 },
    });
  });

  it('fails on a value of the wrong type, saying where it is used', () => {
    const bad = { SRID: { type: 'integer', value: '2056; DROP TABLE t' } } as const;
    expect(failure(() => pum1("SELECT '{SRID}'", { parameters: bad }))).toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: expect.stringMatching(/^parameter SRID is declared integer .* \(used at f\.sql:1:9\)$/),
    });
  });

  it('leaves casts, positional parameters, a BOM and CRLF alone', () => {
    const sql = "\uFEFFSELECT $1::int, {SRID}::text\r\n  , x[1:2], '{LANG}'::text;\r\n";
    expect(pum1(sql)).toBe("\uFEFFSELECT $1::int, 2056::text\r\n  , x[1:2], 'fr'::text;\r\n");
  });

  it('returns a text without placeholders unchanged', () => {
    const sql = "SELECT 'a', $$b$$ -- c\n;";
    expect(run('pum1', sql, { parameters: {} })).toEqual({ text: sql, used: [], unescaped: false });
  });

  it('propagates lexing errors', () => {
    expect(failure(() => pum1("SELECT '{SRID}"))).toMatchObject({
      message: 'unterminated quoted string at f.sql:1:8',
    });
  });
});

describe('substitute, pum0 %(NAME)s', () => {
  it('writes literals in code and raw values in strings', () => {
    expect(pum0("SELECT %(SRID)s, %(LANG)s, 'EPSG:%(SRID)s', E'%(SLASH)s' -- %(SRID)s")).toBe(
      "SELECT 2056, 'fr', 'EPSG:2056', E'C:\\\\x' -- %(SRID)s",
    );
  });

  it('un-escapes %% when a parameter is given and every % is escaped', () => {
    const result = run('pum0', "SELECT 'a%%b', 7 %% 2, %(SRID)s, '%%(SRID)s' -- 50%\n");
    expect(result).toEqual({
      text: "SELECT 'a%b', 7 % 2, 2056, '%(SRID)s' -- 50%\n",
      used: ['SRID'],
      unescaped: true,
    });
  });

  it('keeps %% when no parameter has a value, as psycopg did', () => {
    const result = run('pum0', "SELECT 'a%%b'", { parameters: { SRID: undefined } });
    expect(result).toEqual({ text: "SELECT 'a%%b'", used: [], unescaped: false });
  });

  it('keeps %% in a file with a single %', () => {
    expect(pum0("SELECT 'a%%b', 7 % 2, '100%', %(SRID)s")).toBe("SELECT 'a%%b', 7 % 2, '100%', 2056");
  });

  it('fails on an unknown variable in code, not in literals', () => {
    expect(failure(() => pum0('SELECT %(srid)s'))).toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: 'unknown placeholder %(srid)s at f.sql:1:8',
    });
    expect(pum0("SELECT '%(srid)s', $$ %(srid)s $$")).toBe("SELECT '%(srid)s', $$ %(srid)s $$");
  });

  it('substitutes inside dollar bodies', () => {
    expect(pum0("DO $$ BEGIN PERFORM %(SRID)s, '%(LANG)s'; END $$")).toBe(
      "DO $$ BEGIN PERFORM 2056, 'fr'; END $$",
    );
  });
});

describe('substitute, psql :NAME', () => {
  it('writes :\'NAME\' as a literal and :"NAME" as an identifier', () => {
    expect(psql(`SELECT :'LANG', :'QUOTE', :'SLASH', :'SRID', :'FLAG' FROM :"QUOTE".t`)).toBe(
      `SELECT 'fr', 'o''k', E'C:\\\\x', '2056', 'true' FROM "o'k".t`,
    );
  });

  it('writes a bare :NAME for numbers and booleans only', () => {
    expect(psql('SELECT :SRID, :FLAG, :ratio, 1-:NEG')).toBe('SELECT 2056, TRUE, 0.5, 1- -5');
    expect(failure(() => psql('SELECT\n :LANG'))).toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: ':LANG would paste the text value of LANG unquoted at f.sql:2:2',
      hint: `write :'LANG' for a string literal or :"LANG" for an identifier`,
    });
  });

  it('leaves casts, assignments, slices and unset names alone', () => {
    const sql = 'SELECT a::int, b := 1, c[1:2], d[lo:hi], e[:2], f ::SRID';
    expect(psql(sql)).toBe(sql);
  });

  it('substitutes a declared name even in a slice, as psql does', () => {
    expect(psql('SELECT a[1:SRID]')).toBe('SELECT a[12056]');
  });

  it('looks only at code: not in literals, dollar bodies or comments', () => {
    const sql = "SELECT ':SRID', \":SRID\", $$ :SRID :'LANG' $$, E':SRID' -- :SRID\n/* :'LANG' */";
    expect(psql(sql)).toBe(sql);
  });

  it('fails on an unknown :\'name\' or :"name"', () => {
    expect(failure(() => psql("SELECT :'nope'"))).toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: "unknown variable :'nope' at f.sql:1:8",
    });
    expect(failure(() => psql('SELECT 1 FROM :"nope"'))).toMatchObject({ code: 'PUM_INVALID_FILE' });
  });

  it('leaves PUM syntaxes and prefixed literals alone', () => {
    const sql = "SELECT '{{x}}', {SRID}, %(SRID)s, %%, :E'x', x::'y'";
    expect(psql(sql)).toBe(sql);
  });
});

describe('substitute, hostile content in every dialect', () => {
  const hostile = (p: string) =>
    [
      `\uFEFF-- ${p} in a comment /* not a block`,
      `/* outer /* inner ${p} */ still a comment; '{x}' */`,
      `SELECT E'it\\'s ${p}', '{1,2}'::int[], '\\d{4}', '{"a": {"b": 1}}'::jsonb, "${p}",`,
      `  x::int, y := 1, z[1:2], $1, ${p};`,
      `DO $a$ BEGIN EXECUTE $b$ SELECT ${p}, '${p}' $b$; PERFORM ${p}; END $a$;`,
    ].join('\r\n');

  it.each<[PlaceholderDialect, string]>([
    ['pum1', '{SRID}'],
    ['pum0', '%(SRID)s'],
  ])('%s replaces the placeholder outside comments only, everywhere else', (dialect, placeholder) => {
    const result = run(dialect, hostile(placeholder));
    const expected = hostile(placeholder)
      .split('\r\n')
      .map((line, index) => (index < 2 ? line : line.replaceAll(placeholder, '2056')))
      .join('\r\n');
    expect(result).toEqual({ text: expected, used: ['SRID'], unescaped: false });
  });

  it('psql replaces the placeholder in top-level code only', () => {
    const result = run('psql', hostile(':SRID'));
    expect(result.text).toBe(hostile(':SRID').replace('$1, :SRID;', '$1, 2056;'));
    expect(result.used).toEqual(['SRID']);
  });
});
