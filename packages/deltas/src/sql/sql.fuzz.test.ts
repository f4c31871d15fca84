/**
 * Property tests: random SQL-ish files built from a small grammar (strings, escape strings,
 * quoted identifiers, dollar quotes with random tags, nesting comments, parenthesised groups with
 * semicolons, BEGIN ATOMIC bodies), where the generator knows the right answer.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requiresNoTransaction, transactionControl } from './classify.js';
import { contentRange, lexSql, type SqlToken } from './lexer.js';
import type { ParameterValue } from './parameter-value.js';
import type { PlaceholderDialect } from './placeholder-scan.js';
import { substitute } from './placeholders.js';
import { scanStatements, splitStatements } from './split.js';

const RUNS = 2000;

/** One piece of generated SQL: how it is written, and whether it makes a statement non-empty. */
interface Piece {
  readonly sql: string;
  readonly significant: boolean;
}

const tricky = fc.constantFrom(
  "'",
  '"',
  '\\',
  '$',
  ';',
  '\n',
  '\r\n',
  '-',
  '*',
  '/',
  '{',
  '}',
  '%',
  ':',
  'é',
  '😀',
  ' ',
);
const anyChar = fc.oneof(
  tricky,
  fc.string({ minLength: 1, maxLength: 1 }),
  fc.constantFrom('a', 'Z', '0', '_'),
);
const text = (options: { without?: RegExp; maxLength?: number } = {}) =>
  fc
    .string({ unit: anyChar, maxLength: options.maxLength ?? 12 })
    .map((s) => (options.without === undefined ? s : s.replace(options.without, '')));

const KEYWORDS = new Set([
  'begin',
  'atomic',
  'case',
  'end',
  'create',
  'function',
  'procedure',
  'or',
  'replace',
]);
const word = fc.stringMatching(/^[a-z_][a-z0-9_$]{0,8}$/).filter((w) => !KEYWORDS.has(w));
const tag = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'fn', 'BODY'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,4}$/),
);

/** Whether `$tag$` after `body` is where the server ends the dollar quote. */
const closesAtEnd = (body: string, tag: string): boolean =>
  `${body}$${tag}$`.indexOf(`$${tag}$`) === body.length;

const significant = (sql: string): Piece => ({ sql, significant: true });

const stringPiece = text().map((s) => significant(`'${s.replaceAll("'", "''")}'`));
const escapePiece = text().map((s) => significant(`E'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`));
const identifierPiece = text().map((s) => significant(`"${s.replaceAll('"', '""')}"`));
const dollarPiece = fc
  .record({ tag, body: text({ maxLength: 20 }) })
  .filter(({ tag, body }) => closesAtEnd(body, tag))
  .map(({ tag, body }) => significant(`$${tag}$${body}$${tag}$`));
const lineComment = text({ without: /[\r\n]/g }).map((s) => ({ sql: `--${s}\n`, significant: false }));
const { blockComment } = fc.letrec((tie) => ({
  blockComment: fc
    .array(fc.oneof({ depthSize: 'small' }, text({ without: /[*/]/g }), tie('blockComment')), {
      maxLength: 3,
    })
    .map((parts) => `/*${parts.join('')}*/`),
}));
const commentPiece = fc.oneof(
  lineComment,
  (blockComment as fc.Arbitrary<string>).map((sql) => ({ sql, significant: false })),
);
const codePiece = fc.oneof(
  word.map(significant),
  fc.nat().map((n) => significant(String(n))),
  fc.nat({ max: 99 }).map((n) => significant(`$${n}`)),
  fc
    .constantFrom('+', '-', '*', '/', '<', '=', ',', '.', '::', ':=', '[1:2]', '%', '{', '}', '&', '|')
    .map(significant),
);
const leaf = fc.oneof(
  codePiece,
  codePiece,
  stringPiece,
  escapePiece,
  identifierPiece,
  dollarPiece,
  commentPiece,
);
const spacing = fc.constantFrom(' ', '\n', '\r\n', '\t', '  ');

/** Pieces and `;` inside parentheses: one significant piece, whatever it holds. */
const group = fc
  .array(fc.oneof(leaf, fc.constant({ sql: ';', significant: true })), { maxLength: 4 })
  .map((inner) => significant(`(${inner.map((p) => p.sql).join(' ')})`));

const atomicFunction = fc
  .array(fc.array(leaf, { maxLength: 3 }), { minLength: 1, maxLength: 3 })
  .map((statements) => {
    const body = statements.map(
      (s) => `SELECT CASE WHEN ${['x', ...s.map((p) => p.sql)].join(' ')} THEN 1 END;`,
    );
    return significant(
      `CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n${body.join('\n')}\nEND`,
    );
  });

/** A statement as a list of pieces; an SQL-standard function body only ever comes first. */
const statement = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: leaf }, { weight: 1, arbitrary: group }), {
      maxLength: 6,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(atomicFunction, fc.array(commentPiece, { maxLength: 1 })).map(([f, c]) => [f, ...c]),
  },
);

/** A whole file and the number of statements it holds. */
const file = fc
  .record({
    statements: fc.array(statement, { maxLength: 6 }),
    spaces: fc.array(spacing, { minLength: 64, maxLength: 64 }),
    lastSemicolon: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ statements, spaces, lastSemicolon, bom }) => {
    let n = 0;
    const space = () => spaces[n++ % spaces.length] as string;
    const written = statements.map((pieces) => pieces.map((p) => p.sql + space()).join(''));
    const sql = (bom ? '\uFEFF' : '') + written.join(`;${space()}`) + (lastSemicolon ? ';' : '');
    const expected = statements.filter((pieces) => pieces.some((p) => p.significant)).length;
    return { sql, expected };
  });

describe('lexer and splitter on generated SQL', () => {
  it('lexes without error into tokens that cover the text', () => {
    fc.assert(
      fc.property(file, ({ sql }) => {
        let at = 0;
        for (const token of lexSql(sql)) {
          expect(token.start).toBe(at);
          at = token.end;
        }
        expect(at).toBe(sql.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('finds every statement, and only whitespace, comments and semicolons between them', () => {
    fc.assert(
      fc.property(file, ({ sql, expected }) => {
        const statements = splitStatements(sql);
        expect(statements.length).toBe(expected);
        let at = 0;
        for (const s of statements) {
          expect(s.start).toBeGreaterThanOrEqual(at);
          expect(sql.slice(s.start, s.end)).toBe(s.text);
          expectOnlyFiller(sql.slice(at, s.start));
          at = s.end;
        }
        expectOnlyFiller(sql.slice(at));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('what the one-message runner relies on, on generated SQL', () => {
  it('a file of closed statements does not end open; one more open parenthesis does', () => {
    fc.assert(
      fc.property(file, ({ sql }) => {
        expect(scanStatements(sql).endsOpen).toBe(false);
        expect(scanStatements(`${sql}\n(`).endsOpen).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('classifies a statement the same whether a comment comes first or not', () => {
    const first = fc.oneof(
      fc.constantFrom('BEGIN', 'begin', 'Start', 'COMMIT', 'end', 'abort', 'ROLLBACK', 'savepoint'),
      fc.constantFrom('release', 'prepare', 'CREATE', 'drop', 'reindex', 'VACUUM', 'cluster', 'alter'),
      fc.constantFrom('discard', 'Insert', 'select', 'E', 'U', 'x', 'é', '_a$b', 'beginx', 'commit$'),
      word,
    );
    const second = fc.constantFrom(
      ' ',
      ' transaction',
      ' atomic',
      ' prepared',
      ' to x',
      ' work to x',
      ' index concurrently i on t (a)',
      ' unique index concurrently i on t (a)',
      ' database d',
      ' system set x = 1',
      ' all',
      ' table t detach partition p concurrently',
      "'s'",
      '&"u"',
      ';',
      '',
    );
    fc.assert(
      fc.property(first, second, fc.array(leaf, { maxLength: 3 }), (head, next, rest) => {
        const statement = `${head}${next} ${rest.map((p) => p.sql).join(' ')}`;
        // With a comment first, the classifiers lex the statement in full.
        expect(transactionControl(statement)).toBe(transactionControl(`/**/${statement}`));
        expect(requiresNoTransaction(statement)).toBe(requiresNoTransaction(`/**/${statement}`));
      }),
      { numRuns: RUNS },
    );
  });
});

function expectOnlyFiller(gap: string): void {
  for (const token of lexSql(gap)) {
    const slice = gap.slice(token.start, token.end);
    const filler =
      token.kind === 'comment' ||
      token.kind === 'semicolon' ||
      (token.kind === 'code' && slice.trim() === '');
    expect(filler, `unexpected ${token.kind} ${JSON.stringify(slice)} between statements`).toBe(true);
  }
}

describe('substitute on generated SQL', () => {
  const unlikely: Record<string, ParameterValue> = { Zq9_decl: { type: 'integer', value: 1 } };

  it.each<PlaceholderDialect>(['pum1', 'pum0', 'psql'])(
    '%s: a file without placeholders comes back unchanged unless it reads as escaped',
    (dialect) => {
      fc.assert(
        fc.property(file, ({ sql }) => {
          const result = substitute(sql, { dialect, parameters: unlikely, source: 'g.sql' });
          expect(result.used).toEqual([]);
          if (!result.unescaped) expect(result.text).toBe(sql);
          const pairs = dialect === 'pum1' ? /\{\{|\}\}/ : /%%/;
          if (dialect === 'psql' || !pairs.test(sql)) expect(result.unescaped).toBe(false);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('pum1: a file written with every literal brace doubled comes back with single braces', () => {
    // Literals whose text has single braces; the file doubles them, as PUM 1.x required.
    const content = text({ without: /[-/]/g });
    const literal = fc.oneof(
      content.map((s) => [`'${s.replaceAll("'", "''")}'`]),
      content.map((s) => [`"${s.replaceAll('"', '""')}"`]),
      fc
        .record({ tag, body: content })
        .filter(({ tag, body }) => closesAtEnd(body, tag))
        .map(({ tag, body }) => [`$${tag}$${body}$${tag}$`]),
      fc.constant(['{SRID}']),
    );
    fc.assert(
      fc.property(fc.array(literal, { maxLength: 6 }), (parts) => {
        const plain = parts.map(([p]) => p as string);
        const doubled = plain.map((p) =>
          p === '{SRID}' ? p : p.replaceAll('{', '{{').replaceAll('}', '}}'),
        );
        const sql = `SELECT ${doubled.join(', ')} -- {{ stays\n;`;
        const result = substitute(sql, {
          dialect: 'pum1',
          parameters: { SRID: { type: 'integer', value: 2056 } },
          source: 'g.sql',
        });
        const expected = `SELECT ${plain.map((p) => (p === '{SRID}' ? '2056' : p)).join(', ')} -- {{ stays\n;`;
        expect(result.text).toBe(result.unescaped ? expected : sql.replaceAll('{SRID}', '2056'));
        expect(result.unescaped).toBe(/\{\{|\}\}/.test(doubled.filter((p) => p !== '{SRID}').join('')));
      }),
      { numRuns: RUNS },
    );
  });

  const value = fc.string({ unit: anyChar, maxLength: 16 });

  it('a text value comes back from the literal it was inserted into', () => {
    const cases: { dialect: PlaceholderDialect; sql: string; wrap: (v: string) => string }[] = [
      { dialect: 'pum1', sql: 'SELECT {V}', wrap: (v) => v },
      { dialect: 'pum1', sql: "SELECT 'a{V}b'", wrap: (v) => `a${v}b` },
      { dialect: 'pum1', sql: "SELECT E'\\\\{V}\\''", wrap: (v) => `\\${v}'` },
      { dialect: 'pum1', sql: 'SELECT "{V}"', wrap: (v) => v },
      { dialect: 'pum1', sql: "SELECT U&'{V}'", wrap: (v) => v },
      { dialect: 'pum0', sql: "SELECT %(V)s, '%(V)s'", wrap: (v) => v },
      { dialect: 'psql', sql: "SELECT :'V'", wrap: (v) => v },
      { dialect: 'psql', sql: 'SELECT :"V"', wrap: (v) => v },
    ];
    fc.assert(
      fc.property(value, fc.constantFrom(...cases), (v, { dialect, sql, wrap }) => {
        fc.pre(!(sql.includes('"') && v === ''));
        const result = substitute(sql, {
          dialect,
          parameters: { V: { type: 'text', value: v } },
          source: 'g.sql',
        });
        const literals = lexSql(result.text).filter((t) => t.kind === 'string' || t.kind === 'identifier');
        expect(literals.length).toBeGreaterThan(0);
        for (const token of literals) expect(decode(result.text, token)).toBe(wrap(v));
      }),
      { numRuns: RUNS },
    );
  });

  it('a text value inside a dollar-quoted body comes back, or is refused when it holds the tag', () => {
    fc.assert(
      fc.property(value, tag, (v, t) => {
        const sql = `DO $${t}$ BEGIN PERFORM {V}, '{V}'; END $${t}$`;
        const run = () =>
          substitute(sql, {
            dialect: 'pum1',
            parameters: { V: { type: 'text', value: v } },
            source: 'g.sql',
          });
        if (v.includes(`$${t}$`)) {
          expect(run).toThrow(/would end the dollar quote/);
          return;
        }
        const out = run().text;
        const [dollar, ...rest] = lexSql(out).filter((token) => token.kind === 'dollar');
        expect(rest).toEqual([]);
        if (dollar === undefined) throw new Error('no dollar quote');
        const body = contentRange(dollar);
        const inner = lexSql(out.slice(body.start, body.end)).filter((token) => token.kind === 'string');
        expect(inner.map((token) => decode(out.slice(body.start, body.end), token))).toEqual([v, v]);
      }),
      { numRuns: RUNS },
    );
  });
});

/** The value of a string literal or quoted identifier token (escape strings: `\\` and `\'` only). */
function decode(sql: string, token: SqlToken): string {
  const { start, end } = contentRange(token);
  const inner = sql.slice(start, end);
  if (token.kind === 'identifier') return inner.replaceAll('""', '"');
  const prefix = token.kind === 'string' ? token.prefix.toUpperCase() : '';
  if (prefix === 'E' || prefix === 'U&') {
    return inner.replace(/\\(.)|''/gsu, (_pair, escaped: string | undefined) => escaped ?? "'");
  }
  return inner.replaceAll("''", "'");
}
