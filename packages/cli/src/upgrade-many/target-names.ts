/** Short names for the databases of a run: in line prefixes, the summary and log file names. */
import type { UpgradeTarget } from './targets.js';

/**
 * Each target's database name; `host:port/name` for names that occur on several servers; with
 * `#n` (its place in the list) when even that repeats.
 *
 * @example
 * ```ts
 * targetNames(targets); // ['qwat_a', 'db1:5432/qwat', 'db2:5432/qwat']
 * ```
 */
export function targetNames(targets: readonly UpgradeTarget[]): string[] {
  const count = (names: string[], name: string) => names.filter((n) => n === name).length;
  const dbnames = targets.map((t) => t.resolved.parameters.dbname ?? t.label);
  const qualified = targets.map((t, i) => {
    const name = dbnames[i] as string;
    if (count(dbnames, name) === 1) return name;
    const { host, port } = t.resolved.parameters;
    return `${host ?? ''}:${port ?? ''}/${name}`;
  });
  return qualified.map((name, i) => (count(qualified, name) === 1 ? name : `${name}#${i + 1}`));
}

/** `name` as a file name: anything but letters, digits, `.`, `_` and `-` becomes `_`. */
export function logFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.log`;
}
