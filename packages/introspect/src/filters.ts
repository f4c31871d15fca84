/**
 * Schema filters, pushed into SQL: globs become anchored regular expressions passed as
 * parameters, so a database with thousands of schemas is filtered by the server.
 */

/** Schemas that are never user objects. `pg_temp_*` and `pg_toast_temp_*` are added by pattern. */
export const SYSTEM_SCHEMAS: readonly string[] = ['pg_catalog', 'information_schema', 'pg_toast'];

/**
 * Turn a glob (`*` any run, `?` one character; everything else literal) into an anchored
 * POSIX regular expression for PostgreSQL's `~` operator.
 *
 * @example
 * ```ts
 * globToRegex('qwat_*'); // '^qwat_.*$'
 * ```
 */
export function globToRegex(glob: string): string {
  let out = '^';
  for (const ch of glob) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (/[\\^$.|+()[\]{}]/.test(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return `${out}$`;
}

/**
 * An anchored regular expression matching exactly `name`, every character literal.
 *
 * @example
 * ```ts
 * exactRegex('a*b'); // '^a\\*b$'
 * ```
 */
export function exactRegex(name: string): string {
  return `^${name.replace(/[\\^$.|+()[\]{}*?]/g, (ch) => `\\${ch}`)}$`;
}

/** The parameters of the namespace filter shared by every catalog query. */
export interface SchemaFilterParams {
  /** Anchored regexes a schema must match one of; empty means every schema. */
  include: string[];
  /** Anchored regexes a schema must match none of. */
  exclude: string[];
}

/** Build the filter parameters from include/exclude globs. */
export function schemaFilterParams(
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): SchemaFilterParams {
  return {
    include: include.map(globToRegex),
    exclude: [
      ...SYSTEM_SCHEMAS.map(globToRegex),
      '^pg_temp_.*$',
      '^pg_toast_temp_.*$',
      ...exclude.map(globToRegex),
    ],
  };
}
