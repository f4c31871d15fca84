/**
 * PostgreSQL's COPY text format (what pg_dump writes for table data): one row per line,
 * columns separated by a tab, `\N` for NULL, and backslash escapes.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

function unescapeField(field: string): string {
  if (!field.includes('\\')) return field;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const ch = field[i] as string;
    if (ch !== '\\' || i + 1 >= field.length) {
      out += ch;
      continue;
    }
    const next = field[i + 1] as string;
    const octal = /^[0-7]{1,3}/.exec(field.slice(i + 1, i + 4));
    const hex = next === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(field.slice(i + 2, i + 4)) : null;
    if (octal) {
      out += String.fromCharCode(Number.parseInt(octal[0], 8));
      i += octal[0].length;
    } else if (hex) {
      out += String.fromCharCode(Number.parseInt(hex[0], 16));
      i += 1 + hex[0].length;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
      i += 1;
    }
  }
  return out;
}

/**
 * Decode one line of COPY text data into its column values (`null` for `\N`).
 *
 * @example
 * ```ts
 * parseCopyLine('990001\tpum\t\\N\ta\\tb'); // ['990001', 'pum', null, 'a\tb']
 * ```
 */
export function parseCopyLine(line: string): (string | null)[] {
  return line.split('\t').map((field) => (field === '\\N' ? null : unescapeField(field)));
}
