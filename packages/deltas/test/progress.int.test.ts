/** The progress events of `applyDeltas()`, in order, and a slow file or statement reported as it runs. */
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module, type UpgradeProgress } from '../src/index.js';
import { failure, schemaNames } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('progress');

/** An event without its file object and timings: what the tests compare. */
function brief(event: UpgradeProgress): unknown {
  const { type } = event;
  if (type === 'lock-wait') return { type };
  const path = event.file.path;
  if (type === 'file-start') return { type, path, index: event.index, statements: event.statements };
  if (type === 'file-done') return { type, path, index: event.index };
  if (type === 'statement-start')
    return { type, path, number: event.number, line: event.line, excerpt: event.excerpt };
  if (type === 'statement-done') return { type, path, done: event.done, total: event.total };
  return { type, path, statement: event.statement };
}

describe('applyDeltas progress', () => {
  it('reports each file, and each statement of a file run statement by statement, in order', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};\nCREATE TABLE ${schema}.a (id int);\n`,
      'd/delta_1.1.0_idx.sql': `-- pum:no-transaction\nCREATE INDEX CONCURRENTLY a_id ON ${schema}.a (id);\n\nCOMMENT ON TABLE ${schema}.a IS 'indexed';\n`,
    });
    const events: UpgradeProgress[] = [];
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      slowAfterMs: Number.POSITIVE_INFINITY,
      onProgress: (event) => events.push(event),
    });
    expect(events.map(brief)).toEqual([
      { type: 'file-start', path: 'd/delta_1.0.0.sql', index: 0, statements: 2 },
      { type: 'file-done', path: 'd/delta_1.0.0.sql', index: 0 },
      { type: 'file-start', path: 'd/delta_1.1.0_idx.sql', index: 1, statements: 2 },
      {
        type: 'statement-start',
        path: 'd/delta_1.1.0_idx.sql',
        number: 1,
        line: 2,
        excerpt: `CREATE INDEX CONCURRENTLY a_id ON ${schema}.a (id);`,
      },
      { type: 'statement-done', path: 'd/delta_1.1.0_idx.sql', done: 1, total: 2 },
      {
        type: 'statement-start',
        path: 'd/delta_1.1.0_idx.sql',
        number: 2,
        line: 4,
        excerpt: `COMMENT ON TABLE ${schema}.a IS 'indexed';`,
      },
      { type: 'statement-done', path: 'd/delta_1.1.0_idx.sql', done: 2, total: 2 },
      { type: 'file-done', path: 'd/delta_1.1.0_idx.sql', index: 1 },
    ]);
  });

  it('names a slow statement while it runs: by position in a file run statement by statement, by its text when the file has only it', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0_alone.sql': 'SELECT pg_sleep(1);\n',
      'd/delta_1.2.0_split.sql': '-- pum:no-transaction\nSELECT 1;\nSELECT pg_sleep(1) -- slow\n  , 2;\n',
      'd/delta_1.3.0_whole.sql': 'SELECT 1;\nSELECT pg_sleep(1);\n',
    });
    const events: UpgradeProgress[] = [];
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      slowAfterMs: 200,
      onProgress: (event) => events.push(event),
    });
    // Only the sleeps are slow for sure: a busy machine may find others slow too.
    const sleeping = (e: UpgradeProgress) =>
      e.type === 'still-running' &&
      (e.statement === undefined ? e.file.name === 'whole' : e.statement.excerpt.includes('pg_sleep'));
    const slow = events.filter(sleeping);
    expect(slow.map(brief)).toEqual([
      {
        type: 'still-running',
        path: 'd/delta_1.1.0_alone.sql',
        statement: { number: 1, total: 1, line: 1, excerpt: 'SELECT pg_sleep(1);' },
      },
      {
        type: 'still-running',
        path: 'd/delta_1.2.0_split.sql',
        statement: { number: 2, total: 2, line: 3, excerpt: 'SELECT pg_sleep(1) -- slow' },
      },
      // Sent whole: which of its statements runs is not known.
      { type: 'still-running', path: 'd/delta_1.3.0_whole.sql', statement: undefined },
    ]);
    // Reported while it ran: between the statement's start and its end.
    const at = (e: UpgradeProgress) => events.indexOf(e);
    const split = events.filter(
      (e) => 'file' in e && e.file.name === 'split' && (e.type !== 'still-running' || sleeping(e)),
    );
    expect(split.map((e) => e.type)).toEqual([
      'file-start',
      'statement-start',
      'statement-done',
      'statement-start',
      'still-running',
      'statement-done',
      'file-done',
    ]);
    for (const event of slow) expect((event as { ms: number }).ms).toBeGreaterThan(0);
    expect(at(slow[0] as UpgradeProgress)).toBeLessThan(at(slow[1] as UpgradeProgress));
  });

  it('reports nothing more of a file that failed: no file-done, and its timer stopped', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0_bad.sql': `CREATE TABLE ${schema}.t (id int);\nSELECT nope;\n`,
    });
    const events: UpgradeProgress[] = [];
    const error = await failure(
      applyDeltas(client, loadPum0Module([join(root, 'd')]), {
        table,
        slowAfterMs: 1,
        onProgress: (event) => events.push(event),
      }),
    );
    expect(error.code).toBe('PUM_SQL_ERROR');
    const seen = events.length;
    const bad = events.filter((e) => 'file' in e && e.file.name === 'bad').map((e) => e.type);
    expect(bad[0]).toBe('file-start');
    expect(bad).not.toContain('file-done');
    // The timer of the failed file was stopped: a query on the same connection brings no event.
    await client.query('SELECT pg_sleep(0.05)');
    expect(events.length).toBe(seen);
  });
});
