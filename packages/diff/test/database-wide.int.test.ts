/**
 * Kinds that are not in a schema — extensions, event triggers, publications — differing in
 * exactly one attribute between two databases.
 */
import { introspect } from '@pum/introspect';
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../src/index.js';
import { changeLines, useDatabasePair } from './pair.js';

const pair = useDatabasePair();

async function wholeDiff(options: Parameters<typeof diffSnapshots>[2] = {}) {
  return diffSnapshots(await introspect(pair.from), await introspect(pair.to), options);
}

describe('database-wide kinds', () => {
  it('an extension version', async () => {
    await pair.from.query("CREATE EXTENSION citext VERSION '1.4'");
    await pair.to.query('CREATE EXTENSION citext');
    const report = await wholeDiff();
    expect(changeLines(report)).toEqual(['extensions ~ citext: version']);
    expect(report.differences[0]?.changed[0]?.changes[0]).toMatchObject({
      from: '1.4',
      to: expect.stringMatching(/^1\.[5-9]/),
    });
    expect(changeLines(await wholeDiff({ ignoreExtensionVersions: true }))).toEqual([]);
    await pair.from.query('DROP EXTENSION citext');
    await pair.to.query('DROP EXTENSION citext');
  });

  it('an event trigger state', async () => {
    const sql = `CREATE FUNCTION public.evt() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
      CREATE EVENT TRIGGER pum_diff_evt ON ddl_command_end EXECUTE FUNCTION public.evt()`;
    await pair.from.query(sql);
    await pair.to.query(`${sql}; ALTER EVENT TRIGGER pum_diff_evt DISABLE`);
    expect(changeLines(await wholeDiff())).toEqual(['eventTriggers ~ pum_diff_evt: enabled']);
    await pair.from.query('DROP EVENT TRIGGER pum_diff_evt');
    await pair.to.query('DROP EVENT TRIGGER pum_diff_evt');
  });

  it('a publication operation', async () => {
    const sql =
      'CREATE TABLE public.pubt (id int PRIMARY KEY); CREATE PUBLICATION pum_diff_pub FOR TABLE public.pubt';
    await pair.from.query(sql);
    await pair.to.query(`${sql}; ALTER PUBLICATION pum_diff_pub SET (publish = 'insert, update')`);
    expect(changeLines(await wholeDiff())).toEqual(['publications ~ pum_diff_pub: operations']);
  });

  it('a publication only on one side', async () => {
    await pair.to.query('CREATE PUBLICATION pum_diff_pub2 FOR ALL TABLES');
    expect(changeLines(await wholeDiff())).toEqual([
      'publications + pum_diff_pub2',
      'publications ~ pum_diff_pub: operations',
    ]);
  });
});
