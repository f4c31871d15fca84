/**
 * The encoding and locale of a database, to create its copy alike on another server (a dump
 * does not carry them; `CREATE DATABASE … TEMPLATE` copies them by itself).
 */

import { PumError, PumErrorCode, type Queryable, quoteIdent, quoteLiteral } from '@pum/core';

/** Encoding and locale of a database, from `pg_database`. */
export interface DatabaseSettings {
  readonly encoding: string;
  readonly collate: string;
  readonly ctype: string;
  /** `libc`, or `icu` (PostgreSQL 15+), or `builtin` (17+). */
  readonly provider: 'libc' | 'icu' | 'builtin';
  /** The ICU or builtin locale. */
  readonly locale: string | undefined;
  /** ICU tailoring rules (PostgreSQL 16+). */
  readonly icuRules: string | undefined;
}

/**
 * Read the settings of database `name`.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` when there is no such database.
 */
export async function readDatabaseSettings(db: Queryable, name: string): Promise<DatabaseSettings> {
  // to_jsonb: the locale columns differ between majors (daticulocale became datlocale in 17).
  const { rows } = await db.query<{ encoding: string; row: Record<string, unknown> }>(
    `select pg_catalog.pg_encoding_to_char(d.encoding) as encoding, to_jsonb(d) - 'datacl' as row
       from pg_catalog.pg_database d where d.datname = $1`,
    [name],
  );
  const found = rows[0];
  if (found === undefined) {
    throw new PumError(PumErrorCode.InvalidArgument, `database ${JSON.stringify(name)} does not exist`, {
      details: { database: name },
    });
  }
  const text = (key: string) =>
    typeof found.row[key] === 'string' && found.row[key] !== '' ? (found.row[key] as string) : undefined;
  const provider = text('datlocprovider');
  return {
    encoding: found.encoding,
    collate: text('datcollate') ?? 'C',
    ctype: text('datctype') ?? 'C',
    provider: provider === 'i' ? 'icu' : provider === 'b' ? 'builtin' : 'libc',
    locale: text('datlocale') ?? text('daticulocale'),
    icuRules: text('daticurules'),
  };
}

/**
 * `CREATE DATABASE name TEMPLATE template0` with `settings`, written for a server of
 * `targetMajor`; a locale provider the target lacks falls back to libc, reported to `warn`.
 *
 * @example
 * ```ts
 * createDatabaseSql('copy', { encoding: 'UTF8', collate: 'C', ctype: 'C', provider: 'libc', locale: undefined, icuRules: undefined }, 16, console.warn);
 * // 'CREATE DATABASE "copy" TEMPLATE template0 ENCODING \'UTF8\' LC_COLLATE \'C\' LC_CTYPE \'C\' LOCALE_PROVIDER libc'
 * ```
 */
export function createDatabaseSql(
  name: string,
  settings: DatabaseSettings,
  targetMajor: number,
  warn: (message: string) => void,
): string {
  const parts = [
    `CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`,
    `ENCODING ${quoteLiteral(settings.encoding)}`,
    `LC_COLLATE ${quoteLiteral(settings.collate)}`,
    `LC_CTYPE ${quoteLiteral(settings.ctype)}`,
  ];
  let provider = settings.provider;
  const needs = provider === 'icu' ? 15 : provider === 'builtin' ? 17 : 0;
  if (targetMajor < needs) {
    warn(
      `the target server (PostgreSQL ${targetMajor}) has no ${provider} locale provider: the copy uses libc`,
    );
    provider = 'libc';
  }
  if (targetMajor >= 15) parts.push(`LOCALE_PROVIDER ${provider}`);
  if (provider === 'icu' && settings.locale !== undefined) {
    parts.push(`ICU_LOCALE ${quoteLiteral(settings.locale)}`);
    if (settings.icuRules !== undefined && targetMajor >= 16)
      parts.push(`ICU_RULES ${quoteLiteral(settings.icuRules)}`);
  }
  if (provider === 'builtin' && settings.locale !== undefined) {
    parts.push(`BUILTIN_LOCALE ${quoteLiteral(settings.locale)}`);
  }
  return parts.join(' ');
}
