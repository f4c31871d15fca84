/** createDatabase: an empty database with the extensions asked for; refused when it exists; no half-made database left. */
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/index.js';
import { connectionTo, databaseExists, databaseUrl, dropLater, withClient } from './helpers.js';

const newName = () => `pum_dump_create_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

describe('createDatabase', () => {
  it('creates an empty database with the extensions asked for, and refuses one that exists', async () => {
    const name = newName();
    dropLater(name);
    const connection = connectionTo(databaseUrl(name));
    await createDatabase({ connection, extensions: ['pg_trgm'] });
    const extensions = await withClient(databaseUrl(name), async (client) =>
      (
        await client.query<{ e: string }>("select extname as e from pg_extension where extname <> 'plpgsql'")
      ).rows.map((r) => r.e),
    );
    expect(extensions).toEqual(['pg_trgm']);
    await expect(createDatabase({ connection })).rejects.toMatchObject({
      code: 'PUM_INVALID_ARGUMENT',
      message: `database "${name}" exists already`,
    });
  });

  it('drops the new database again when an extension cannot be created', async () => {
    const name = newName();
    dropLater(name);
    await expect(
      createDatabase({ connection: connectionTo(databaseUrl(name)), extensions: ['no_such_extension_here'] }),
    ).rejects.toMatchObject({
      code: 'PUM_SQL_ERROR',
      message: expect.stringContaining(`cannot create extension no_such_extension_here in "${name}"`),
    });
    expect(await databaseExists(name)).toBe(false);
  });
});
