/**
 * libpq's `keyword=value` connection strings, read exactly as `conninfo_parse` reads them:
 * blanks around `=` allowed, values either bare (a backslash escapes the next character) or
 * in single quotes (a backslash escapes `'` and `\`), a later keyword overrides an earlier
 * one, and an unknown keyword is an error.
 */

import { malformedInput } from './connection-errors.js';
import { type ConnectionParameters, isConnectionKeyword, suggestKeyword } from './keywords.js';

// C isspace() in the "C" locale, which is what libpq uses.
const isSpace = (char: string | undefined): boolean =>
  char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\v' || char === '\f';

/**
 * Parse a libpq conninfo string into parameters.
 *
 * @example
 * ```ts
 * parseConninfo("host=db port=5433 dbname='my db' password='it\\'s'");
 * // { host: 'db', port: '5433', dbname: 'my db', password: "it's" }
 * ```
 */
export function parseConninfo(input: string): ConnectionParameters {
  const chars = Array.from(input);
  const parameters: Record<string, string> = {};
  let index = 0;

  while (index < chars.length) {
    if (isSpace(chars[index])) {
      index++;
      continue;
    }

    const nameStart = index;
    while (index < chars.length && chars[index] !== '=' && !isSpace(chars[index])) index++;
    const name = chars.slice(nameStart, index).join('');
    while (isSpace(chars[index])) index++;
    if (chars[index] !== '=') {
      throw malformedInput('conninfo', input, `missing "=" after "${name}"`, {
        position: index + 1,
        details: { keyword: name },
      });
    }
    index++;
    while (isSpace(chars[index])) index++;

    let value = '';
    if (chars[index] === "'") {
      const quoteStart = index;
      index++;
      for (;;) {
        const char = chars[index];
        if (char === undefined) {
          throw malformedInput('conninfo', input, `unterminated quoted value for "${name}"`, {
            position: quoteStart + 1,
            hint: "close the value with a single quote; write \\' for a quote inside it",
            details: { keyword: name },
          });
        }
        if (char === '\\') {
          index++;
          const escaped = chars[index];
          if (escaped !== undefined) {
            value += escaped;
            index++;
          }
          continue;
        }
        index++;
        if (char === "'") break;
        value += char;
      }
    } else {
      while (index < chars.length) {
        const char = chars[index] as string;
        if (isSpace(char)) {
          index++;
          break;
        }
        if (char === '\\') {
          index++;
          const escaped = chars[index];
          if (escaped !== undefined) {
            value += escaped;
            index++;
          }
          continue;
        }
        value += char;
        index++;
      }
    }

    if (!isConnectionKeyword(name)) {
      const suggestion = suggestKeyword(name);
      throw malformedInput('conninfo', input, `unknown connection parameter "${name}"`, {
        position: nameStart + 1,
        hint:
          suggestion === undefined
            ? 'see the libpq documentation for the keywords it accepts'
            : `did you mean "${suggestion}"?`,
        details: { keyword: name },
      });
    }
    parameters[name] = value;
  }
  return parameters;
}
