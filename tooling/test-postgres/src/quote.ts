/**
 * Quote an SQL identifier: wrapped in double quotes, inner double quotes doubled.
 * (A local copy on purpose: this package must not depend on `@pum/core`, whose own tests
 * depend on it.)
 *
 * @example
 * ```ts
 * quoteIdent('my "db"'); // '"my ""db"""'
 * ```
 */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) {
    throw new TypeError(`invalid SQL identifier ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}
