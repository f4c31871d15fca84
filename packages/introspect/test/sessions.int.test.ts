/** introspect() over several sessions (`connect`): one snapshot shared, the same result, connections ended. */
import { isPumError } from '@pum/core';
import { useTestDatabase } from '@pum/test-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { introspectWithStats, serializeSnapshot } from '../src/index.js';

const db = useTestDatabase();

/** A `connect` option that opens clients to `url` and remembers them. */
function factory(url: () => string, before?: () => Promise<void>) {
  const opened: pg.Client[] = [];
  const ended: pg.Client[] = [];
  const connect = async () => {
    await before?.();
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    opened.push(client);
    client.once('end', () => ended.push(client));
    return client;
  };
  return { connect, opened, ended };
}

describe('introspect() with more sessions', () => {
  it('gives the same snapshot as one session, and ends the connections it opened', async () => {
    const client = await db.connect();
    await client.query(
      Array.from(
        { length: 30 },
        (_, i) =>
          `CREATE TABLE s_${i} (id int PRIMARY KEY, a text DEFAULT 'x', b int CHECK (b > 0), p int REFERENCES s_${i} (id));
           CREATE INDEX ON s_${i} (a); CREATE VIEW v_${i} AS SELECT id, a FROM s_${i};`,
      ).join(''),
    );
    const one = await introspectWithStats(client);
    const sessions = factory(() => db.url);
    const three = await introspectWithStats(client, { connect: sessions.connect, sessions: 3 });
    expect(serializeSnapshot(three.snapshot)).toBe(serializeSnapshot(one.snapshot));
    expect(three.snapshot.dependencies.length).toBeGreaterThan(30);
    expect(three.stats.queries).toBe(one.stats.queries);
    expect(sessions.opened).toHaveLength(2);
    expect(sessions.ended).toHaveLength(2);
  });

  it('reads one snapshot in every session, even what changed before the others connected', async () => {
    const client = await db.connect();
    const admin = await db.connect();
    await client.query('CREATE TABLE early (id int)');
    // The extra sessions connect only after the first one exported its snapshot, and after a
    // table was created that the snapshot must not show.
    let exported!: () => void;
    const exportedSnapshot = new Promise<void>((resolve) => {
      exported = resolve;
    });
    const original = client.query.bind(client);
    const spied = client as unknown as { query: (...args: unknown[]) => unknown };
    spied.query = (...args: unknown[]) => {
      const result = (original as (...a: unknown[]) => unknown)(...args);
      if (typeof args[0] === 'string' && args[0].includes('pg_export_snapshot()'))
        void (result as Promise<unknown>).then(exported, () => {});
      return result;
    };
    let created = false;
    const sessions = factory(
      () => db.url,
      async () => {
        await exportedSnapshot;
        if (!created) {
          created = true;
          await admin.query('CREATE TABLE late (id int); COMMENT ON TABLE early IS $$changed$$');
        }
      },
    );
    const { snapshot } = await introspectWithStats(client, { connect: sessions.connect, sessions: 3 });
    spied.query = original as never;
    const tables = snapshot.objects.tables.map((table) => table.name);
    expect(tables).toContain('early');
    expect(tables).not.toContain('late');
    expect(snapshot.objects.columns.map((column) => column.table)).not.toContain('late');
    expect(snapshot.objects.tables.find((table) => table.name === 'early')?.comment).toBeNull();
    expect(sessions.opened).toHaveLength(2);
    const after = await introspectWithStats(client);
    expect(after.snapshot.objects.tables.map((table) => table.name)).toContain('late');
  });

  it('does without a session that cannot be opened', async () => {
    const client = await db.connect();
    const one = await introspectWithStats(client);
    let calls = 0;
    const sessions = factory(
      () => db.url,
      async () => {
        if (++calls === 1) throw new Error('too many connections');
      },
    );
    const { snapshot } = await introspectWithStats(client, { connect: sessions.connect, sessions: 3 });
    expect(calls).toBe(2);
    expect(sessions.opened).toHaveLength(1);
    expect(sessions.ended).toHaveLength(1);
    expect(serializeSnapshot(snapshot)).toBe(serializeSnapshot(one.snapshot));
  });

  it('fails with PUM_SQL_ERROR on a session of another database, ends it and rolls back', async () => {
    const client = await db.connect();
    const sessions = factory(() => db.server.url);
    const error = await introspectWithStats(client, { connect: sessions.connect, sessions: 2 }).catch(
      (e: unknown) => e,
    );
    expect(isPumError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PUM_SQL_ERROR' });
    expect((error as Error).message).toMatch(/snapshot/);
    expect(sessions.ended).toHaveLength(1);
    // The caller's connection is usable and outside any transaction.
    const first = await client.query<{ xact: string }>('SELECT now()::text AS xact');
    const second = await client.query<{ xact: string }>('SELECT now()::text AS xact');
    expect(second.rows[0]?.xact).not.toBe(first.rows[0]?.xact);
  });
});
