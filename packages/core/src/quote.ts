/**
 * The one place where identifiers and literals become SQL text. Everything pum writes into
 * SQL goes through these functions; they follow PostgreSQL's own rules (`quote_ident`,
 * `quote_literal`), so any name — quotes, spaces, `;`, upper case, unicode, dots — survives.
 */

import { PumError, PumErrorCode } from './errors.js';

function rejectNul(value: string, what: string): void {
  if (value.includes('\u0000')) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `${what} ${JSON.stringify(value)} contains a NUL character, which PostgreSQL does not allow`,
    );
  }
}

/**
 * Quote an identifier: always wrapped in double quotes, inner double quotes doubled. Unlike
 * `quote_ident` it quotes even plain lower-case names, so a keyword is never a surprise.
 *
 * @example
 * ```ts
 * quoteIdent('My "table"'); // '"My ""table"""'
 * ```
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) {
    throw new PumError(PumErrorCode.InvalidArgument, 'an SQL identifier cannot be empty');
  }
  rejectNul(name, 'identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quote a string literal. Single quotes are doubled; a value holding a backslash is written as
 * an escape string (`E'…'`) with backslashes doubled, so the result means the same whatever
 * `standard_conforming_strings` says. `null` becomes `NULL`.
 *
 * @example
 * ```ts
 * quoteLiteral("it's"); // "'it''s'"
 * quoteLiteral('C:\\data'); // "E'C:\\\\data'"
 * ```
 */
export function quoteLiteral(value: string | number | bigint | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new PumError(PumErrorCode.InvalidArgument, `cannot write ${value} as an SQL literal`);
  }
  const text = String(value);
  rejectNul(text, 'literal');
  const quoted = `'${text.replaceAll("'", "''")}'`;
  return text.includes('\\') ? `E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}

/**
 * Quote a schema-qualified name; each part is quoted on its own, so a dot inside a name stays
 * part of that name.
 *
 * @example
 * ```ts
 * qualifiedName('qwat_sys', 'info'); // '"qwat_sys"."info"'
 * qualifiedName(undefined, 'info'); // '"info"'
 * ```
 */
export function qualifiedName(schema: string | undefined, name: string): string {
  return schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * Split what a user typed as `schema.name` (PUM's `-t qwat_sys.info`) into its parts, following
 * SQL rules: unquoted parts are folded to lower case, double-quoted parts are kept as written
 * (with `""` for a quote), so `"My.Schema".info` is schema `My.Schema`.
 *
 * @example
 * ```ts
 * parseQualifiedName('qwat_sys.info'); // { schema: 'qwat_sys', name: 'info' }
 * parseQualifiedName('"Odd.Schema"."T"'); // { schema: 'Odd.Schema', name: 'T' }
 * ```
 */
export function parseQualifiedName(text: string): { schema: string | undefined; name: string } {
  const parts: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `invalid qualified name ${JSON.stringify(text)}: ${why}`,
      {
        hint: 'write schema.name, quoting a part with double quotes when it holds dots, spaces or capitals',
      },
    );
  };
  while (i <= text.length) {
    let part = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('unterminated double quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i];
        i++;
      }
      if (part.length === 0) fail('empty quoted identifier');
    } else {
      const end = text.indexOf('.', i);
      const raw = text.slice(i, end === -1 ? text.length : end).trim();
      if (raw.length === 0) fail('empty part');
      if (raw.includes('"')) fail('a double quote inside an unquoted part');
      part = raw.toLowerCase();
      i = end === -1 ? text.length : end;
    }
    parts.push(part);
    if (i >= text.length) break;
    if (text[i] !== '.') fail(`unexpected ${JSON.stringify(text[i])} after a quoted part`);
    i++;
    if (i === text.length) fail('ends with a dot');
  }
  if (parts.length === 1) return { schema: undefined, name: parts[0] as string };
  if (parts.length === 2) return { schema: parts[0], name: parts[1] as string };
  return fail('more than two parts');
}
