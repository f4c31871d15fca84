/** A PostgreSQL version as printed by its programs, e.g. `{ version: '15.18', major: 15 }`. */
export interface PostgresVersion {
  version: string;
  major: number;
}

/**
 * Read the version out of `postgres --version`, `pg_dump --version`, `pg_config --version`
 * or `SHOW server_version` output; `undefined` when there is none.
 *
 * @example
 * ```ts
 * parsePostgresVersion('postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)');
 * // { version: '15.18', major: 15 }
 * ```
 */
export function parsePostgresVersion(text: string): PostgresVersion | undefined {
  const match = /(?:PostgreSQL\)?\s+|^)(\d+)(\.\d+)?/.exec(text.trim());
  if (!match) return undefined;
  return { version: `${match[1]}${match[2] ?? ''}`, major: Number(match[1]) };
}
