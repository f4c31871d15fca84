/** Applying PUM 0.x delta directories to real databases. */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import {
  applyDeltas,
  baselineDatabase,
  loadPum0Module,
  planUpgrade,
  readHistory,
  repairChecksums,
  UpgradeFailedError,
} from '../src/index.js';
import { schemaNames, tablesOf } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('s');

describe('applyDeltas', () => {
  it('applies pending deltas in version order, records them, and never applies one twice', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'delta/pre-all.sql': `CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE IF NOT EXISTS ${schema}.runs (n serial)`,
      'delta/delta_1.9.0.sql': `CREATE TABLE ${schema}.a (id int)`,
      'delta/delta_1.10.0.sql': `ALTER TABLE ${schema}.a ADD COLUMN b int`,
      'delta/delta_1.2.0_first.sql': `CREATE TABLE ${schema}.first (id int)`,
      'delta/post-all.sql': `INSERT INTO ${schema}.runs DEFAULT VALUES`,
    });
    const module = loadPum0Module([join(root, 'delta')]);
    const report = await applyDeltas(client, module, { table, toolVersion: 'test' });
    expect(report.applied.map((f) => f.path)).toEqual([
      'delta/pre-all.sql',
      'delta/delta_1.2.0_first.sql',
      'delta/delta_1.9.0.sql',
      'delta/delta_1.10.0.sql',
      'delta/post-all.sql',
    ]);
    expect(await tablesOf(client, schema)).toEqual(['a', 'first', 'pum_history', 'runs']);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.kind, h.success])).toEqual([
      [null, 'pre-all', true],
      ['1.2.0', 'delta', true],
      ['1.9.0', 'delta', true],
      ['1.10.0', 'delta', true],
      [null, 'post-all', true],
    ]);
    expect(history[1]).toMatchObject({
      path: 'delta/delta_1.2.0_first.sql',
      toolVersion: 'test',
      source: 'pum',
    });
    expect(history[1]?.checksum).toMatch(/^[0-9a-f]{64}$/);

    // Again: only pre-all and post-all run (they run on every upgrade, as in PUM).
    const again = await applyDeltas(client, module, { table });
    expect(again.applied.map((f) => f.kind)).toEqual(['pre-all', 'post-all']);
    expect((await client.query(`SELECT count(*)::int AS n FROM ${schema}.runs`)).rows[0].n).toBe(2);
    const plan = await planUpgrade(client, module, { table });
    expect(plan.currentVersion).toBe('1.10.0');
    expect(plan.files.filter((f) => f.status === 'applied')).toHaveLength(3);
  });

  it('stops at a failing delta with file, line and column; the database stays at the previous delta', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE TABLE ${schema}.ok (id int);`,
      'd/delta_1.1.0.sql': `CREATE TABLE ${schema}.half (id int);\n\nSELECT nope\n  FROM ${schema}.ok;`,
      'd/delta_1.2.0.sql': `CREATE TABLE ${schema}.never (id int);`,
    });
    const error = await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpgradeFailedError);
    expect(error).toMatchObject({
      code: 'PUM_SQL_ERROR',
      message: expect.stringMatching(
        /^d\/delta_1\.1\.0\.sql:3:8: column "nope" does not exist \(SQLSTATE 42703\)/,
      ),
      details: { path: 'd/delta_1.1.0.sql', line: 3, column: 8, sqlstate: '42703' },
    });
    expect((error as UpgradeFailedError).report.applied.map((f) => f.version)).toEqual(['1.0.0']);
    expect(await tablesOf(client, schema)).toEqual(['ok', 'pum_history']);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.success])).toEqual([
      ['1.0.0', true],
      ['1.1.0', false],
    ]);
    expect(history[1]?.error).toContain('column "nope" does not exist');
    // The failed delta is pending again.
    const plan = await planUpgrade(client, loadPum0Module([join(root, 'd')]), { table });
    expect(plan.files.map((f) => f.status)).toEqual(['applied', 'failed', 'pending']);
  });

  it('detects an applied delta edited since, and accepts it only when asked', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int);`,
    });
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    writeFileSync(
      join(root, 'd/delta_1.0.0.sql'),
      `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id bigint);`,
    );
    writeFileSync(join(root, 'd/delta_1.1.0.sql'), `CREATE TABLE ${schema}.u (id int);`);
    const module = loadPum0Module([join(root, 'd')]);
    await expect(applyDeltas(client, module, { table })).rejects.toMatchObject({
      code: 'PUM_CHECKSUM_MISMATCH',
      message: expect.stringContaining('d/delta_1.0.0.sql'),
    });
    expect(await tablesOf(client, schema)).toEqual(['pum_history', 't']);
    const report = await applyDeltas(client, module, { table, acceptChanged: true });
    expect(report.applied.map((f) => f.version)).toEqual(['1.1.0']);
    expect((await planUpgrade(client, module, { table })).files.map((f) => f.status)).toEqual([
      'applied',
      'applied',
    ]);
    const audit = (await readHistory(client, table)).find((h) => h.source === 'repair');
    expect(audit?.note).toMatch(/checksum accepted/);
  });

  it('runs files that carry their own BEGIN/COMMIT', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `BEGIN;\nCREATE SCHEMA ${schema};\nCREATE TABLE ${schema}.t (id int);\nCOMMIT;\n`,
    });
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    expect(report.applied).toHaveLength(1);
    expect(await tablesOf(client, schema)).toEqual(['pum_history', 't']);
  });

  it('refuses CREATE INDEX CONCURRENTLY in an ordinary file before running anything, and runs it in a marked one', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int);`,
      'd/delta_1.1.0.sql': `SELECT 1;\nCREATE INDEX CONCURRENTLY t_id ON ${schema}.t (id);`,
    });
    await expect(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table })).rejects.toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: expect.stringContaining('d/delta_1.1.0.sql:2:'),
    });
    expect(await tablesOf(client, schema)).toEqual([]);
    writeFileSync(
      join(root, 'd/delta_1.1.0.sql'),
      `-- pum:no-transaction\nCREATE INDEX CONCURRENTLY t_id ON ${schema}.t (id);\n`,
    );
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    const { rows } = await client.query(
      "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 't'",
      [schema],
    );
    expect(rows).toEqual([{ indexname: 't_id' }]);
  });

  it('is all or nothing with singleTransaction', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}`);
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE TABLE ${schema}.a (id int);`,
      'd/delta_2.0.0.sql': `CREATE TABLE ${schema}.a (id int);`,
    });
    await expect(
      applyDeltas(client, loadPum0Module([join(root, 'd')]), { table, singleTransaction: true }),
    ).rejects.toMatchObject({
      code: 'PUM_SQL_ERROR',
    });
    // Nothing at all, not even the history table.
    expect(await tablesOf(client, schema)).toEqual([]);
  });

  it('respects --max-version', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.5.0.sql': `CREATE TABLE ${schema}.b (id int);`,
      'd/delta_2.0.0.sql': `CREATE TABLE ${schema}.c (id int);`,
    });
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table, maxVersion: '1.5' });
    expect(report.applied.map((f) => f.version)).toEqual(['1.0.0', '1.5.0']);
  });
});

describe('baselineDatabase', () => {
  it('marks everything below a version applied (its own deltas run, as in PUM 0.x) and never goes backwards', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.existing (id int)`);
    const root = writeTree({
      'd/delta_0.9.0.sql': `CREATE TABLE ${schema}.existing (id int);`,
      'd/delta_1.0.0.sql': `ALTER TABLE ${schema}.existing ADD COLUMN b int;`,
    });
    const module = loadPum0Module([join(root, 'd')]);
    await baselineDatabase(client, module, { version: '1.0.0', table });
    const report = await applyDeltas(client, module, { table });
    expect(report.applied.map((f) => f.version)).toEqual(['1.0.0']);
    await expect(baselineDatabase(client, module, { version: '0.9', table })).rejects.toThrow(
      /cannot baseline at 0\.9: the database's baseline is already 1\.0\.0/,
    );
    await expect(baselineDatabase(client, module, { version: 'latest', table })).rejects.toMatchObject({
      code: 'PUM_INVALID_VERSION',
    });
  });
});

describe('repairChecksums', () => {
  it('records the new checksum of edited applied files, with an audit row, running nothing', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({ 'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};` });
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    writeFileSync(join(root, 'd/delta_1.0.0.sql'), `-- reformatted\nCREATE SCHEMA ${schema};`);
    const module = loadPum0Module([join(root, 'd')]);
    expect((await planUpgrade(client, module, { table })).files[0]?.status).toBe('changed');
    expect(await repairChecksums(client, module, { table })).toEqual(['d/delta_1.0.0.sql']);
    expect((await planUpgrade(client, module, { table })).files[0]?.status).toBe('applied');
    const rows = await readHistory(client, table);
    expect(rows.map((r) => r.source)).toEqual(['pum', 'repair']);
    expect(rows[1]?.note).toMatch(/^checksum accepted by repair \(was [0-9a-f]{64}\)$/);
    expect(await repairChecksums(client, module, { table })).toEqual([]);
  });
});

describe('cancellation', () => {
  it('stops between files with PUM_ABORTED and keeps what completed', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0.sql': `CREATE TABLE ${schema}.never (id int);`,
    });
    const controller = new AbortController();
    const error = await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'file-done') controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpgradeFailedError);
    expect(error).toMatchObject({ code: 'PUM_ABORTED', report: { applied: [{ version: '1.0.0' }] } });
    expect(await tablesOf(client, schema)).toEqual(['pum_history']);
  });

  it('cancels the statement running on the server, and rolls its file back', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0_slow.sql': `CREATE TABLE ${schema}.half (id int);\nSELECT pg_sleep(60);\n`,
    });
    const controller = new AbortController();
    const error = await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'file-start' && event.file.name === 'slow')
          setTimeout(() => controller.abort(), 200);
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PUM_ABORTED',
      message: 'upgrade cancelled in d/delta_1.1.0_slow.sql, which was rolled back',
    });
    expect(await tablesOf(client, schema)).toEqual(['pum_history']);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.success])).toEqual([
      ['1.0.0', true],
      ['1.1.0', false],
    ]);
    // The server stopped pg_sleep(60) instead of letting it run out.
    expect(history[1]?.error).toContain('canceling statement due to user request');
    // The connection is usable again.
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
