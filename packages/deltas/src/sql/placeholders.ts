/**
 * Replacing parameter placeholders in SQL files by typed values, on the lexed text, so that
 * literals, comments and dollar quotes mean what they meant.
 */

import { PumError, PumErrorCode, quoteIdent, quoteLiteral } from '@pum/core';
import { lexSql } from './lexer.js';
import { type ParameterValue, parameterLiteral, parameterText } from './parameter-value.js';
import { type PlaceholderDialect, type PlaceholderMatch, scanPlaceholders } from './placeholder-scan.js';
import { type Segment, segmentSql } from './placeholder-segments.js';
import { formatLocation, lineLocator } from './position.js';

/** Options of {@link substitute}. */
export interface SubstituteOptions {
  /** The placeholder syntax of the file. */
  readonly dialect: PlaceholderDialect;
  /**
   * The declared parameters. A key whose value is `undefined` is declared but has no value: using
   * it is an error.
   */
  readonly parameters: Readonly<Record<string, ParameterValue | undefined>>;
  /** The file name, for messages (`changelogs/1.2.0/01_views.sql:12:5`). */
  readonly source: string;
}

/** What {@link substitute} returns. */
export interface SubstituteResult {
  /** The SQL with placeholders replaced. */
  readonly text: string;
  /** The parameters used, in order of first use. */
  readonly used: string[];
  /** Whether `{{ }}` (pum1) or `%%` (pum0) were taken as escapes and un-escaped. */
  readonly unescaped: boolean;
}

/**
 * Replace the placeholders of `options.dialect` by parameter values.
 *
 * **Where placeholders are recognised.** Never in comments. `psql`: only in code, as psql does
 * (`:NAME`, `:'NAME'`, `:"NAME"`; casts `::int`, `:=` and slices `a[1:2]` are left alone, and so
 * is a bare `:name` that is not a declared parameter, as psql leaves an unset variable — but a
 * declared one is replaced even in a slice, `a[1:n]`, as psql would).
 * `pum1` (`{NAME}`) and `pum0` (`%(NAME)s`): in code, and also inside string literals, quoted
 * identifiers and dollar-quoted bodies, because PUM formatted the whole file and users rely on it
 * (`ST_SetSRID(geom, {SRID})` inside a function body, `'EPSG:{SRID}'`). Only the name of a
 * declared parameter makes a placeholder: `'{1,2}'`, `'\d{4}'` or JSON are text. An undeclared
 * identifier-like name (`{srid}`, `%(srid)s`) is an error in top-level code, where it cannot be
 * valid SQL, and left alone inside literals and bodies.
 *
 * **What is inserted.** In code, the SQL literal of the value: `TRUE`/`FALSE`, a plain number
 * (negative numbers with a leading space), or a quoted string through `quoteLiteral`. Inside a
 * string literal or quoted identifier, the raw value (`true`/`false`, digits, the text) with the
 * enclosing quote doubled, and backslashes doubled in `E'…'`, `U&'…'` and `U&"…"` (a `U&` literal
 * with a `UESCAPE` clause is refused). A dollar-quoted body that lexes as SQL follows the same
 * rules one level down: its code gets literals (as PUM 1.x inserted them, so
 * `WHERE lang = {LANG}` in a function body works), its own strings get raw text; a body that does
 * not lex as SQL gets literals throughout. A value that would close the dollar quote around it
 * (it contains `$tag$`) is refused. psql: `:'NAME'` is `quoteLiteral` of the value's text,
 * `:"NAME"` is `quoteIdent` of it, and a bare `:NAME` is the literal of a number or boolean; a
 * text or path value there is refused (psql would paste it unquoted), with a hint to write
 * `:'NAME'`.
 *
 * **Escapes.** PUM 1.x required every literal brace to be written `{{`/`}}`, PUM 0.x every literal
 * `%` as `%%` (psycopg only un-escaped them when at least one variable was given). A file is taken
 * as escaped when PUM could have formatted it: outside comments, every brace (pum1) or percent
 * sign (pum0) is part of a pair or of a declared placeholder, and it has at least one pair — and,
 * for pum0, at least one parameter has a value. Then pairs are un-escaped everywhere outside
 * comments, pairs first from left to right as Python does (`{{x}}` is the text `{x}`). Otherwise
 * the file is taken as written: `{"a": {"b": 1}}` stays JSON, `'50%%'` stays two percent signs.
 * `unescaped` in the result says which way was taken.
 *
 * **Errors.** `PUM_INVALID_FILE` for an unknown placeholder (where it is an error; for psql an
 * unknown `:'name'` or `:"name"`, which cannot be meant as SQL), a text value
 * in a bare psql `:NAME`, a placeholder in a `U&` literal with `UESCAPE`; `PUM_INVALID_ARGUMENT`
 * for a declared parameter without a value, a value that does not fit its type, or one that would
 * close a dollar quote. Messages point at `source:line:column`. Lexing errors (unterminated
 * literals or comments) are thrown as by `lexSql`.
 *
 * @example
 * ```ts
 * const { text } = substitute(
 *   "CREATE VIEW v AS SELECT ST_SetSRID(geom, {SRID}) AS g, 'EPSG:{SRID}' AS crs, '{1,2}'::int[] AS a FROM t;",
 *   { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: 2056 } }, source: 'views.sql' },
 * );
 * // "CREATE VIEW v AS SELECT ST_SetSRID(geom, 2056) AS g, 'EPSG:2056' AS crs, '{1,2}'::int[] AS a FROM t;"
 * ```
 */
export function substitute(text: string, options: SubstituteOptions): SubstituteResult {
  const { dialect, parameters, source } = options;
  const isDeclared = (name: string): boolean => Object.hasOwn(parameters, name);
  const { segments, bodies } = segmentSql(text, lexSql(text, { source }), dialect);
  const locate = lineLocator(text);
  const at = (offset: number): string => formatLocation(source, locate(offset));
  const problem = (code: PumErrorCode, message: string, offset: number, hint?: string, name?: string) => {
    const { line, column } = locate(offset);
    return new PumError(code, `${message} at ${at(offset)}`, {
      hint,
      details: { source, line, column, ...(name === undefined ? {} : { parameter: name }) },
    });
  };

  const unescaped = takesEscapes(text, segments, options, isDeclared);
  const used: string[] = [];
  const inserted: { start: number; end: number; name: string }[] = [];
  const outputStart = new Map<number, number>();
  let output = '';

  const parameterFor = (match: { start: number; name: string }): ParameterValue => {
    const value = parameters[match.name];
    if (value === undefined) {
      throw problem(
        PumErrorCode.InvalidArgument,
        `parameter ${match.name} has no value`,
        match.start,
        `give ${match.name} a value or a default`,
        match.name,
      );
    }
    if (!used.includes(match.name)) used.push(match.name);
    return value;
  };
  const usedAt = (offset: number): string => ` (used at ${at(offset)})`;
  const insert = (name: string, value: string): void => {
    inserted.push({ start: output.length, end: output.length + value.length, name });
    output += value;
  };

  const replacement = (segment: Segment, match: PlaceholderMatch): string => {
    const written = text.slice(match.start, match.end);
    if (match.kind === 'escape') return unescaped ? match.replacement : written;
    if (match.kind === 'unknown') {
      if (segment.kind === 'code' && segment.top) {
        throw problem(
          PumErrorCode.InvalidFile,
          `unknown placeholder ${written}`,
          match.start,
          unknownHint(dialect, match.name),
        );
      }
      return written;
    }
    const value = parameterFor(match);
    if (segment.kind === 'quoted') {
      if (segment.uescape) {
        throw problem(
          PumErrorCode.InvalidFile,
          `cannot insert ${written} into a U& literal with UESCAPE`,
          match.start,
        );
      }
      let raw = parameterText(match.name, value, usedAt(match.start));
      if (segment.backslashes) raw = raw.replaceAll('\\', '\\\\');
      return raw.replaceAll(segment.quote, segment.quote + segment.quote);
    }
    if (dialect === 'psql' && (value.type === 'text' || value.type === 'path')) {
      throw problem(
        PumErrorCode.InvalidFile,
        `${written} would paste the ${value.type} value of ${match.name} unquoted`,
        match.start,
        `write :'${match.name}' for a string literal or :"${match.name}" for an identifier`,
        match.name,
      );
    }
    return parameterLiteral(match.name, value, usedAt(match.start));
  };

  for (const segment of segments) {
    outputStart.set(segment.start, output.length);
    if (segment.kind === 'verbatim') {
      output += text.slice(segment.start, segment.end);
    } else if (segment.kind === 'psql-variable') {
      const written = text.slice(segment.start, segment.end);
      if (!isDeclared(segment.name)) {
        throw problem(
          PumErrorCode.InvalidFile,
          `unknown variable ${written}`,
          segment.start,
          unknownHint(dialect, segment.name),
        );
      }
      const value = parameterFor(segment);
      const raw = parameterText(segment.name, value, usedAt(segment.start));
      insert(segment.name, segment.quoting === 'literal' ? quoteLiteral(raw) : quoteIdent(raw));
    } else {
      const { matches } = scanPlaceholders(dialect, text, segment.start, segment.end, isDeclared, unescaped);
      let cursor = segment.start;
      for (const match of matches) {
        output += text.slice(cursor, match.start);
        const value = replacement(segment, match);
        if (match.kind === 'placeholder') insert(match.name, value);
        else output += value;
        cursor = match.end;
      }
      output += text.slice(cursor, segment.end);
    }
  }
  outputStart.set(text.length, output.length);

  for (const body of bodies) {
    const start = outputStart.get(body.start) ?? output.length;
    const end = outputStart.get(body.end) ?? output.length;
    const delimiter = `$${body.tag}$`;
    if ((output.slice(start, end) + delimiter).indexOf(delimiter) !== end - start) {
      const culprit =
        inserted.find(
          (i) => i.start >= start && i.end <= end && output.slice(i.start, i.end).includes(delimiter),
        ) ?? inserted.filter((i) => i.start >= start && i.end <= end).at(-1);
      throw problem(
        PumErrorCode.InvalidArgument,
        `the value of parameter ${culprit?.name ?? '?'} would end the dollar quote ${delimiter} opened`,
        body.start - delimiter.length,
        `use another tag for this dollar quote, one that does not occur in the value`,
        culprit?.name,
      );
    }
  }
  return { text: output, used, unescaped };
}

/** Whether the file reads as one PUM formatted: see "Escapes" in {@link substitute}. */
function takesEscapes(
  text: string,
  segments: readonly Segment[],
  options: SubstituteOptions,
  isDeclared: (name: string) => boolean,
): boolean {
  const { dialect, parameters } = options;
  if (dialect === 'psql') return false;
  if (dialect === 'pum0' && !Object.values(parameters).some((value) => value !== undefined)) return false;
  let pairs = 0;
  for (const segment of segments) {
    if (segment.kind !== 'code' && segment.kind !== 'quoted') continue;
    const scan = scanPlaceholders(dialect, text, segment.start, segment.end, isDeclared, true);
    if (scan.stray > 0) return false;
    pairs += scan.pairs;
  }
  return pairs > 0;
}

function unknownHint(dialect: PlaceholderDialect, name: string): string {
  switch (dialect) {
    case 'pum1':
      return `declare ${name} in the parameters of .pum.yaml, or write literal braces as {{ and }}`;
    case 'pum0':
      return `give the variable with -v TYPE ${name} VALUE, or write a literal % as %%`;
    case 'psql':
      return `give a value for ${name}`;
  }
}
