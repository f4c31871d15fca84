/**
 * Generic options (`OPTIONS (host 'a')`) of foreign-data wrappers, servers, user mappings,
 * foreign tables and their columns: the clause that creates them, and the one that takes one
 * list to another with `SET`, `ADD` and `DROP`. A snapshot masks secrets' values; a masked value
 * cannot be written, so it is left out and named for a manual step.
 */
import { quoteIdent, quoteLiteral } from '@pum/core';
import { MASKED_VALUE } from '@pum/introspect';

function parse(options: readonly string[]): Map<string, string> {
  return new Map(
    options.map((o) => {
      const eq = o.indexOf('=');
      return eq === -1 ? [o, ''] : [o.slice(0, eq), o.slice(eq + 1)];
    }),
  );
}

const option = (name: string, value: string) => `${quoteIdent(name)} ${quoteLiteral(value)}`;

/** What an options clause says, and the options whose masked values it had to leave out. */
export interface OptionsClause {
  /** `OPTIONS (…)` with a leading space, or empty. */
  sql: string;
  /** Names of options whose values are masked in the snapshot. */
  masked: string[];
}

/** ` OPTIONS (a 'x', b 'y')` for a new object, without masked values. */
export function createOptions(options: readonly string[]): OptionsClause {
  const masked: string[] = [];
  const parts: string[] = [];
  for (const [name, value] of parse(options)) {
    if (value === MASKED_VALUE) masked.push(name);
    else parts.push(option(name, value));
  }
  return { sql: parts.length > 0 ? ` OPTIONS (${parts.join(', ')})` : '', masked };
}

/** ` OPTIONS (DROP a, SET b 'y', ADD c 'z')` taking `before` to `after`, or empty. */
export function alterOptions(before: readonly string[], after: readonly string[]): OptionsClause {
  const old = parse(before);
  const now = parse(after);
  const masked: string[] = [];
  const parts: string[] = [];
  for (const name of old.keys()) if (!now.has(name)) parts.push(`DROP ${quoteIdent(name)}`);
  for (const [name, value] of now) {
    const previous = old.get(name);
    if (previous === value) continue;
    if (value === MASKED_VALUE) masked.push(name);
    else parts.push(previous === undefined ? `ADD ${option(name, value)}` : `SET ${option(name, value)}`);
  }
  return { sql: parts.length > 0 ? ` OPTIONS (${parts.join(', ')})` : '', masked };
}
