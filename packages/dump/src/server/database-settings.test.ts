import { describe, expect, it } from 'vitest';
import { createDatabaseSql, type DatabaseSettings } from './database-settings.js';

const libc: DatabaseSettings = {
  encoding: 'UTF8',
  collate: 'de_CH.UTF-8',
  ctype: 'de_CH.UTF-8',
  provider: 'libc',
  locale: undefined,
  icuRules: undefined,
};

describe('createDatabaseSql', () => {
  it('copies encoding and locale from template0', () => {
    expect(createDatabaseSql('qwat "copy"', libc, 14, () => {})).toBe(
      `CREATE DATABASE "qwat ""copy""" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'de_CH.UTF-8' LC_CTYPE 'de_CH.UTF-8'`,
    );
    expect(createDatabaseSql('c', libc, 15, () => {})).toContain('LOCALE_PROVIDER libc');
  });

  it('keeps ICU and builtin locales where the target has them, else falls back with a warning', () => {
    const icu = { ...libc, provider: 'icu' as const, locale: 'de-CH', icuRules: '&a < b' };
    expect(createDatabaseSql('c', icu, 16, () => {})).toContain(
      `LOCALE_PROVIDER icu ICU_LOCALE 'de-CH' ICU_RULES '&a < b'`,
    );
    const builtin = { ...libc, provider: 'builtin' as const, locale: 'C.UTF-8' };
    expect(createDatabaseSql('c', builtin, 17, () => {})).toContain(
      `LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8'`,
    );
    const warnings: string[] = [];
    expect(createDatabaseSql('c', builtin, 16, (m) => warnings.push(m))).toContain('LOCALE_PROVIDER libc');
    expect(warnings).toEqual([
      'the target server (PostgreSQL 16) has no builtin locale provider: the copy uses libc',
    ]);
  });
});
