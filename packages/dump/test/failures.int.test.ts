/**
 * Failures are one clear error: which program, its exit code, the lines of its stderr that
 * explain why. PUM's `-x` (ignoreErrors) goes on and lists what failed instead.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { skipUnless, useTestDatabase } from '@pum/test-postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, restoreDatabase } from '../src/index.js';
import { connectionTo, loadRichFixture, makeDatabase, tools, workDirectory } from './helpers.js';

const work = workDirectory();

describe('failing restores', skipUnless('pg_dump'), () => {
  const source = useTestDatabase();
  let backup: string;
  let plain: string;

  beforeAll(async () => {
    await loadRichFixture(source.url, false);
    const connection = connectionTo(source.url);
    backup = (await dumpDatabase({ connection, file: path.join(work, 'rich.backup'), tools })).file;
    plain = (await dumpDatabase({ connection, file: path.join(work, 'rich.sql'), format: 'plain', tools }))
      .file;
  });

  it('stops at the first error and names it', async () => {
    // Restoring into the source itself: everything already exists.
    const error = await restoreDatabase({ connection: connectionTo(source.url), file: backup, tools }).catch(
      (e) => e,
    );
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error.message).toMatch(
      /^pg_restore exited with code 1 while restoring .*rich\.backup into postgresql:/,
    );
    expect(error.message).toContain('ERROR:  schema "Second Schema" already exists');
    expect(error.message).toContain('Command was: CREATE SCHEMA "Second Schema";');
    expect(error.details).toMatchObject({ tool: 'pg_restore', exitCode: 1 });
  });

  it('goes on with ignoreErrors (PUM -x) and lists what failed', async () => {
    const target = await makeDatabase();
    await restoreDatabase({ connection: connectionTo(target.url), file: backup, tools });
    const result = await restoreDatabase({
      connection: connectionTo(target.url),
      file: backup,
      ignoreErrors: true,
      tools,
    });
    expect(result.ignoredErrors.some((line) => line.includes('already exists'))).toBe(true);
    expect(result.ignoredErrors.some((line) => line.includes('errors ignored on restore'))).toBe(false);
    // The rows were copied again next to the first copy: ignoring errors is no merge.
    expect(result.tables).toBe(6);
  });

  it('runs plain SQL with psql, stopping at the first error', async () => {
    const error = await restoreDatabase({ connection: connectionTo(source.url), file: plain, tools }).catch(
      (e) => e,
    );
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error.message).toMatch(/^psql exited with code 3 while running .*rich\.sql in postgresql:/);
    expect(error.message).toContain('already exists');
  });

  it('refuses what cannot be done, before running anything', async () => {
    const connection = connectionTo(source.url);
    await expect(
      restoreDatabase({ connection, file: plain, excludeSchemas: ['app'], tools }),
    ).rejects.toMatchObject({
      code: 'PUM_UNSUPPORTED',
    });
    await expect(restoreDatabase({ connection, file: plain, jobs: 2, tools })).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
    });
    await expect(
      restoreDatabase({ connection, file: backup, jobs: 2, singleTransaction: true, tools }),
    ).rejects.toMatchObject({ code: 'PUM_INVALID_ARGUMENT' });
    await expect(
      dumpDatabase({ connection, file: path.join(work, 'x.backup'), jobs: 2, tools }),
    ).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: 'pg_dump runs in parallel only in the directory format, not custom',
    });
    await expect(
      restoreDatabase({ connection, file: path.join(work, 'missing.backup'), tools }),
    ).rejects.toMatchObject({
      code: 'PUM_FILE_NOT_FOUND',
    });
  });

  it('reports an archive pg_restore cannot read', async () => {
    const broken = path.join(work, 'broken.backup');
    writeFileSync(broken, 'PGDMP\u0001\u0063\u0000garbage');
    const target = await makeDatabase();
    const error = await restoreDatabase({ connection: connectionTo(target.url), file: broken, tools }).catch(
      (e) => e,
    );
    expect(error.code).toBe('PUM_EXTERNAL_PROGRAM');
    expect(error.message).toMatch(
      /^pg_restore exited with code 1 while reading .*broken\.backup:\n {2}pg_restore: error: /,
    );
  });
});
