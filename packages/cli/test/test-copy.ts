/** The test copy of a `test-and-upgrade` rehearsal, and the command line that names it. */
import { quoteIdent } from '@pum/core';
import { queryUrl, type TestDatabase } from '@pum/test-postgres';
import { onTestFinished } from 'vitest';

/** The database `<prod's name>_<suffix>` on prod's server, for `--test`. */
export interface TestCopy {
  /** Its database name. */
  readonly name: string;
  /** Its connection URL: prod's, with this database. */
  readonly url: string;
}

/**
 * Name `test-and-upgrade`'s test copy of `prod`: `<prod's name>_<suffix>` on the same server,
 * dropped (if the run made it) when the running test ends.
 */
export function testCopyOf(prod: Pick<TestDatabase, 'name' | 'url' | 'server'>, suffix: string): TestCopy {
  const name = `${prod.name}_${suffix}`;
  const url = new URL(prod.url);
  url.pathname = `/${name}`;
  onTestFinished(async () => {
    await queryUrl(prod.server.url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
  return { name, url: url.toString() };
}

/** `test-and-upgrade --prod PROD --test TEST --compare COMPARE -d DIR --yes`. */
export function rehearsalArgs(urls: { prod: string; test: string; compare: string }, dir: string): string[] {
  return [
    'test-and-upgrade',
    '--prod',
    urls.prod,
    '--test',
    urls.test,
    '--compare',
    urls.compare,
    '-d',
    dir,
    '--yes',
  ];
}
