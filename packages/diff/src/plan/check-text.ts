/**
 * CHECK text that prints again as it was read. `pg_get_constraintdef` prints an `IN` list over a
 * `varchar` (or any type whose operator is another type's) as `(ARRAY['a'::character varying,
 * …])::text[]`; parsed again, the cast is pushed into each element and the server then prints
 * `ARRAY[('a'::character varying)::text, …]`, a different definition. Writing the array's own
 * type first, `(ARRAY[…]::character varying[])::text[]`, makes the server build what it read.
 */

/** The end of the `[`…`]` that starts at `open`, skipping quoted literals and nested brackets. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      // A quoted literal: '' is a quote inside it.
      i++;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
    } else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  return -1;
}

/** The elements of an array constructor's list, split at top-level commas. */
function elements(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "'") {
      i++;
      while (i < list.length && !(list[i] === "'" && list[i + 1] !== "'")) i += list[i] === "'" ? 2 : 1;
    } else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out;
}

const LITERAL_CAST = /^'(?:[^']|'')*'::([^']+)$/;

/** The one type every element is a literal of (`'a'::character varying`), if there is one. */
function elementType(list: string): string | undefined {
  const types = new Set(elements(list).map((e) => LITERAL_CAST.exec(e)?.[1]));
  const [only] = types;
  return types.size === 1 ? only : undefined;
}

/**
 * The definition of a CHECK constraint (table or domain) as a plan writes it, so that the
 * server prints it back unchanged.
 */
export function reparsableCheck(definition: string): string {
  const marker = '(ARRAY[';
  let out = '';
  let from = 0;
  for (let at = definition.indexOf(marker); at !== -1; at = definition.indexOf(marker, from)) {
    const open = at + marker.length - 1;
    const close = closingBracket(definition, open);
    if (close === -1) break;
    const type = elementType(definition.slice(open + 1, close));
    const cast = /^\)::([^()[\]]+)\[\]/.exec(definition.slice(close + 1));
    out += definition.slice(from, close + 1);
    if (type !== undefined && cast !== null && cast[1] !== type) out += `::${type}[]`;
    from = close + 1;
  }
  return out + definition.slice(from);
}
