/**
 * Several delta directories run as PUM 0.x ran them: the `pre-all` files of the directories in
 * reverse order, then each directory's deltas in version order, directory by directory — even
 * when their versions interleave — then the `post-all` files in directory order.
 */
import { join } from 'node:path';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module } from '../src/index.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();

/** A file that records, in `ord.log`, that it ran. */
const logs = (what: string) =>
  `CREATE SCHEMA IF NOT EXISTS ord; CREATE TABLE IF NOT EXISTS ord.log (n serial, what text);
   INSERT INTO ord.log (what) VALUES ('${what}');`;

describe('several delta directories', () => {
  it('run directory by directory, pre-all in reverse -d order and post-all in -d order', async () => {
    const client = await db.connect();
    const root = writeTree({
      'a/pre-all.sql': logs('a/pre-all'),
      'a/delta_1.0.0_one.sql': logs('a/1.0.0'),
      'a/delta_1.2.0_three.sql': logs('a/1.2.0'),
      'a/post-all.sql': logs('a/post-all'),
      'b/pre-all.sql': logs('b/pre-all'),
      'b/delta_1.1.0_two.sql': logs('b/1.1.0'),
      'b/delta_1.3.0_four.pre.sql': logs('b/1.3.0 pre'),
      'b/delta_1.3.0_four.sql': logs('b/1.3.0'),
      'b/post-all.sql': logs('b/post-all'),
    });
    const module = () => loadPum0Module([join(root, 'a'), join(root, 'b')], { root });
    const table = { schema: 'ord_sys', name: 'pum_history' };
    const log = async () =>
      (await client.query('SELECT what FROM ord.log ORDER BY n')).rows.map((r) => r.what);

    const report = await applyDeltas(client, module(), { table });
    const ran = [
      'b/pre-all',
      'a/pre-all',
      'a/1.0.0',
      'a/1.2.0',
      'b/1.1.0',
      'b/1.3.0 pre',
      'b/1.3.0',
      'a/post-all',
      'b/post-all',
    ];
    expect(await log()).toEqual(ran);
    expect(report.applied.map((f) => f.path)).toEqual([
      'b/pre-all.sql',
      'a/pre-all.sql',
      'a/delta_1.0.0_one.sql',
      'a/delta_1.2.0_three.sql',
      'b/delta_1.1.0_two.sql',
      'b/delta_1.3.0_four.pre.sql',
      'b/delta_1.3.0_four.sql',
      'a/post-all.sql',
      'b/post-all.sql',
    ]);

    // Nothing pending: only what runs every time, in the same order.
    const again = await applyDeltas(client, module(), { table });
    expect(again.applied).toHaveLength(4);
    expect((await log()).slice(ran.length)).toEqual(['b/pre-all', 'a/pre-all', 'a/post-all', 'b/post-all']);
  });
});
