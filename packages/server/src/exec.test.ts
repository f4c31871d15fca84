import { expect, test } from 'vitest';
import { postgresEnv, run } from './exec.js';

test('PG* variables never reach our programs; messages are in English', () => {
  expect(postgresEnv({ PATH: '/usr/bin', PGPORT: '6543', PGDATA: '/elsewhere', HOME: undefined })).toEqual({
    PATH: '/usr/bin',
    LC_ALL: 'C',
  });
});

test('a failing program rejects with its exit code and output', async () => {
  const error = await run(process.execPath, ['-e', 'process.stderr.write("boom"); process.exit(3)']).catch(
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'RunError', exitCode: 3, stderr: 'boom' });
  expect((error as Error).message).toMatch(/failed: boom$/);
});
