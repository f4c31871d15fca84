import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getTestServer, useTestDatabase } from '../src/index.js';

const server = getTestServer();

describe('a plain test database', () => {
  const db = useTestDatabase();

  test('is made for this file, empty, and connectable', async () => {
    expect(db.name).toMatch(/^pum_t_test_database_[0-9a-f]{8}$/);
    expect(new URL(db.url).pathname).toBe(`/${db.name}`);
    const client = await db.connect();
    const { rows } = await client.query<{ db: string; n: string }>(
      "select current_database() as db, count(*) as n from pg_extension where extname = 'postgis'",
    );
    expect(rows[0]).toEqual({ db: db.name, n: '0' });
  });
});

describe('a PostGIS test database', () => {
  const db = useTestDatabase({ postgis: true });

  test('has PostGIS (or the test is skipped)', async () => {
    expect(server.postgisTemplate).toBeDefined();
    const client = await db.connect();
    const { rows } = await client.query<{ v: string }>('select postgis_full_version() as v');
    expect(rows[0]?.v).toMatch(/POSTGIS="3/);
  });
});

describe('a PostGIS test database used from hooks', () => {
  // Without PostGIS the whole block is skipped, these hooks included.
  const db = useTestDatabase({ postgis: true });
  let client: pg.Client;

  beforeAll(async () => {
    client = await db.connect();
    await client.query('create table places (id int, geom geometry(Point, 2056))');
  });
  afterAll(async () => {
    await client.end();
  });

  test('sees the table made in beforeAll', async () => {
    const { rows } = await client.query<{ type: string }>(
      "select type from geometry_columns where f_table_name = 'places'",
    );
    expect(rows).toEqual([{ type: 'POINT' }]);
  });

  describe('nested', () => {
    test('shares the database', async () => {
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      expect(rows[0]?.db).toBe(db.name);
    });
  });
});

describe('the injected server', () => {
  test('describes the running server', () => {
    expect(server.url).toMatch(/^postgres(ql)?:\/\//);
    expect(['env-url', 'local', 'docker', 'embedded']).toContain(server.backend);
    expect(server.serverVersion.startsWith(String(server.major))).toBe(true);
    expect(typeof server.requirePostgis).toBe('boolean');
  });
});
