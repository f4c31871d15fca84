/** Loading PUM 0.x delta directories: names, order, several directories, refusals. */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPum0Module } from '../src/index.js';
import { writeTree } from './module-tree.js';

describe('loadPum0Module', () => {
  it('orders by version as versions, then pre < delta < post, then name; pre-all first, post-all last', () => {
    const root = writeTree({
      'delta/delta_1.10.0.sql': 'SELECT 1',
      'delta/delta_1.9.0_b.sql': 'SELECT 1',
      'delta/delta_1.9.0_a.sql': 'SELECT 1',
      'delta/delta_1.9.0_z.pre.sql': 'SELECT 1',
      'delta/delta_1.9.0.post.sql': 'SELECT 1',
      'delta/delta_1.3.2_000_drop_views.sql': 'SELECT 1',
      'delta/delta_1.3.2_001_add.sql': 'SELECT 1',
      'delta/pre-all.sql': 'SELECT 1',
      'delta/post-all.sql': 'SELECT 1',
      'delta/.gitkeep': '',
    });
    const module = loadPum0Module([join(root, 'delta')]);
    expect(module.files.map((f) => f.path)).toEqual([
      'delta/pre-all.sql',
      'delta/delta_1.3.2_000_drop_views.sql',
      'delta/delta_1.3.2_001_add.sql',
      'delta/delta_1.9.0_z.pre.sql',
      'delta/delta_1.9.0_a.sql',
      'delta/delta_1.9.0_b.sql',
      'delta/delta_1.9.0.post.sql',
      'delta/delta_1.10.0.sql',
      'delta/post-all.sql',
    ]);
    expect(module.files[1]).toMatchObject({
      kind: 'delta',
      name: '000_drop_views',
      version: { text: '1.3.2' },
    });
    expect(module).toMatchObject({ layout: 'pum0', name: 'delta' });
  });

  it('runs several directories as PUM 0.x: pre-all in reverse -d order, deltas and post-all directory by directory', () => {
    const root = writeTree({
      'a/delta_1.0.0_a.sql': 'SELECT 1',
      'a/delta_2.0.0_a.sql': 'SELECT 1',
      'a/pre-all.sql': 'SELECT 1',
      'a/pre-all.py': '',
      'a/post-all.sql': 'SELECT 1',
      'a/post-all.py': '',
      'b/delta_1.5.0_b.sql': 'SELECT 1',
      'b/delta_1.5.0_b.pre.sql': 'SELECT 1',
      'b/pre-all.sql': 'SELECT 1',
      'b/post-all.sql': 'SELECT 1',
    });
    const module = loadPum0Module([join(root, 'a'), join(root, 'b')], { root });
    expect(module.files.map((f) => f.path)).toEqual([
      'b/pre-all.sql',
      'a/pre-all.py',
      'a/pre-all.sql',
      'a/delta_1.0.0_a.sql',
      'a/delta_2.0.0_a.sql',
      'b/delta_1.5.0_b.pre.sql',
      'b/delta_1.5.0_b.sql',
      'a/post-all.py',
      'a/post-all.sql',
      'b/post-all.sql',
    ]);
  });

  it('records paths relative to the root, whatever it is', () => {
    const root = writeTree({ 'up/a/delta_1.0.0_a.sql': 'SELECT 1', 'up/b/c.txt': '' });
    const paths = (dir: string, rootDir: string) =>
      loadPum0Module([join(root, dir)], { root: join(root, rootDir) }).files.map((f) => f.path);
    expect(paths('up/a', 'up')).toEqual(['a/delta_1.0.0_a.sql']);
    expect(paths('up/a', 'up/a')).toEqual(['delta_1.0.0_a.sql']);
    expect(paths('up/a', 'up/b')).toEqual(['../a/delta_1.0.0_a.sql']);
    expect(paths('up/a', '.')).toEqual(['up/a/delta_1.0.0_a.sql']);
  });

  it('normalises BOM and line endings before the checksum', () => {
    const root = writeTree({
      'd/delta_1.0.0.sql': '\uFEFFSELECT 1;\r\nSELECT 2;\r\n',
      'e/delta_1.0.0.sql': 'SELECT 1;\nSELECT 2;\n',
    });
    const [a] = loadPum0Module([join(root, 'd')]).files;
    const [b] = loadPum0Module([join(root, 'e')]).files;
    expect(a?.checksum).toBe(b?.checksum);
    expect(a?.text).toBe('SELECT 1;\nSELECT 2;\n');
  });

  it('names a misnamed file instead of skipping it', () => {
    const root = writeTree({
      'delta/delta_1.0.0.sql': 'SELECT 1',
      'delta/delta-1.1.0-fk.sql': 'ALTER TABLE …',
    });
    expect(() => loadPum0Module([join(root, 'delta')])).toThrow(
      /delta\/delta-1\.1\.0-fk\.sql: unrecognised file in a delta directory/,
    );
    const other = writeTree({ 'delta/delta_1.1.0_add fk.sql': 'x' });
    expect(() => loadPum0Module([join(other, 'delta')])).toThrow(/expected delta_<version>/);
  });

  it('skips what cannot be a delta and lists it; refuses a directory unless told to skip it', () => {
    const root = writeTree({
      'delta/delta_1.0.0.sql': 'SELECT 1',
      'delta/README.md': '# notes',
      'delta/old/x.sql': '',
    });
    expect(() => loadPum0Module([join(root, 'delta')])).toThrow(/delta\/old: a directory/);
    const module = loadPum0Module([join(root, 'delta')], { ignore: ['delta/old'] });
    expect(module.files).toHaveLength(1);
    expect(module.ignored).toEqual([{ path: 'delta/README.md', reason: 'a document' }]);
    // Skipped on purpose: not listed.
    expect(loadPum0Module([join(root, 'delta')], { ignore: ['README.md', 'old'] }).ignored).toEqual([]);
  });

  it('issue 15: ignores and lists the stray files of a real 0.x directory, each once', () => {
    const root = writeTree({
      'delta/README.txt': 'Copy here your delta.',
      'delta/.directory': '[Dolphin]',
      'delta/delta_1.1.1_26012017.sql': 'SELECT 1',
      'delta/delta_1.1.1_26012017.sql.post': '-- run by hand',
      'delta/delta_1.2.6_fix.sql.post_x': '-- old note',
      'delta/qwat_1_0_0_dump.dump': 'PGDMP',
      'delta/release.backup': 'PGDMP',
      'delta/CHANGES.md': '',
      'delta/__pycache__/views_helper.cpython-311.pyc': '',
      'delta/pre-all.py': 'from pum.core.deltapy import DeltaPy\nimport views_helper\n',
      'delta/views_helper.py': 'from . import sql_paths\n',
      'delta/sql_paths.py': 'VIEWS = "views"\n',
      'delta/post-all.mjs': "import { recreate } from './recreate-views.js';\nexport default recreate;\n",
      'delta/recreate-views.ts': 'export async function recreate() {}\n',
    });
    const module = loadPum0Module([join(root, 'delta')]);
    expect(module.files.map((f) => f.path)).toEqual([
      'delta/pre-all.py',
      'delta/delta_1.1.1_26012017.sql',
      'delta/post-all.mjs',
    ]);
    expect(module.ignored).toEqual([
      { path: 'delta/.directory', reason: 'a dot-file' },
      { path: 'delta/CHANGES.md', reason: 'a document' },
      { path: 'delta/README.txt', reason: 'a document' },
      { path: 'delta/__pycache__', reason: 'compiled Python' },
      {
        path: 'delta/delta_1.1.1_26012017.sql.post',
        reason: 'a delta name with another extension (a note or a copy)',
      },
      {
        path: 'delta/delta_1.2.6_fix.sql.post_x',
        reason: 'a delta name with another extension (a note or a copy)',
      },
      { path: 'delta/qwat_1_0_0_dump.dump', reason: 'a dump, backup or temporary file' },
      { path: 'delta/recreate-views.ts', reason: 'a helper module that a hook imports' },
      { path: 'delta/release.backup', reason: 'a dump, backup or temporary file' },
      { path: 'delta/sql_paths.py', reason: 'a helper module that a hook imports' },
      { path: 'delta/views_helper.py', reason: 'a helper module that a hook imports' },
    ]);
  });

  it('issue 15: reports every misnamed file in one error', () => {
    const root = writeTree({
      'a/delta_1.0.0.sql': 'SELECT 1',
      'a/delta_1.0.1_bad-name.sql': 'x',
      'a/delta1.2.sql': 'x',
      'a/README.txt': '',
      'b/delta_1.2.0_x.sq': 'x',
      'b/1.4.0_002_fix_pipe.sql': 'x',
      'b/unused_helper.py': 'x',
      'b/post_all.sql': 'x',
    });
    let error: unknown;
    try {
      loadPum0Module([join(root, 'a'), join(root, 'b')], { root });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      code: 'PUM_INVALID_FILE',
      details: {
        paths: [
          'a/delta1.2.sql',
          'a/delta_1.0.1_bad-name.sql',
          'b/1.4.0_002_fix_pipe.sql',
          'b/delta_1.2.0_x.sq',
          'b/post_all.sql',
          'b/unused_helper.py',
        ],
      },
    });
    const message = (error as Error).message;
    expect(message).toMatch(/^6 entries of the delta directories look like deltas but cannot be run:\n/);
    expect(message).toContain(
      '  b/unused_helper.py: unrecognised file in a delta directory (not a delta file, pre-all or post-all, and no hook imports it)',
    );
    expect(message).not.toContain('README');
  });

  it('reads Python deltas and pre-all/post-all.py (issue 14) in their places, as Python', () => {
    const root = writeTree({
      'delta/delta_1.0.0_views.py': 'class X(DeltaPy): pass',
      'delta/delta_1.0.0.sql': 'SELECT 1;',
      'delta/pre-all.py': '',
      'delta/post-all.py': '',
    });
    const files = loadPum0Module([join(root, 'delta')]).files;
    expect(files.map((f) => [f.path, f.kind, f.language])).toEqual([
      ['delta/pre-all.py', 'pre-all', 'python'],
      ['delta/delta_1.0.0.sql', 'delta', 'sql'],
      ['delta/delta_1.0.0_views.py', 'delta', 'python'],
      ['delta/post-all.py', 'post-all', 'python'],
    ]);
  });

  it('reads code deltas (.js, .mjs, .ts) beside SQL ones, stages included', () => {
    const root = writeTree({
      'delta/pre-all.mjs': 'export default async () => {};',
      'delta/delta_1.0.0.sql': 'SELECT 1',
      'delta/delta_1.0.0_fill.ts': 'export default async () => {};',
      'delta/delta_1.1.0_views.pre.js': 'export default async () => {};',
    });
    const module = loadPum0Module([join(root, 'delta')]);
    expect(module.files.map((f) => [f.path, f.kind, f.language, f.name])).toEqual([
      ['delta/pre-all.mjs', 'pre-all', 'js', ''],
      ['delta/delta_1.0.0.sql', 'delta', 'sql', ''],
      ['delta/delta_1.0.0_fill.ts', 'delta', 'js', 'fill'],
      ['delta/delta_1.1.0_views.pre.js', 'pre', 'js', 'views'],
    ]);
  });

  it('refuses two files that would share one history identity', () => {
    const root = writeTree({
      'delta/delta_1.0.0_fill.sql': 'SELECT 1',
      'delta/delta_1.0.0_fill.ts': 'export default async () => {};',
    });
    expect(() => loadPum0Module([join(root, 'delta')])).toThrow(
      'delta/delta_1.0.0_fill.ts: the same delta as delta/delta_1.0.0_fill.sql',
    );
  });

  it('refuses two files of one version written differently (1.0 and 1.0.0), across directories', () => {
    const root = writeTree({
      'a/delta_1.0_fill.sql': 'SELECT 1',
      'b/delta_1.0.0_fill.sql': 'SELECT 1',
      'b/delta_1.0.0_fill.pre.sql': 'SELECT 1',
    });
    expect(() => loadPum0Module([join(root, 'a'), join(root, 'b')], { root })).toThrow(
      'b/delta_1.0.0_fill.sql: the same delta as a/delta_1.0_fill.sql',
    );
  });

  // The duplicate check once compared every file with every file read before it (21 s here).
  it('loads a directory of 10,000 deltas, in version order', () => {
    const count = 10_000;
    const files: Record<string, string> = {};
    for (let i = 1; i <= count; i++) files[`delta/delta_0.${i}.0_step.sql`] = `SELECT ${i};\n`;
    files['delta/delta_0.5000.0_step.pre.sql'] = 'SELECT 0;\n';
    const module = loadPum0Module([join(writeTree(files), 'delta')]);
    expect(module.files).toHaveLength(count + 1);
    expect(module.files[0]?.path).toBe('delta/delta_0.1.0_step.sql');
    expect(module.files[4999]?.path).toBe('delta/delta_0.5000.0_step.pre.sql');
    expect(module.files[5000]?.path).toBe('delta/delta_0.5000.0_step.sql');
    expect(module.files[count]?.text).toBe(`SELECT ${count};\n`);
    const versions = module.files.map((f) => f.version?.parts[1]);
    expect(versions.every((v, i) => i === 0 || (v as number) >= (versions[i - 1] as number))).toBe(true);
  });

  it('reads a link to a file inside the directory; refuses one leading out of it, naming where it leads', () => {
    const root = writeTree({
      'delta/delta_1.0.0_a.sql': 'SELECT 1',
      'shared/b.sql': 'SELECT 2',
      'outside/c.sql': 'SELECT 3',
    });
    symlinkSync(join(root, 'delta/delta_1.0.0_a.sql'), join(root, 'delta/delta_1.1.0_b.sql'));
    const module = loadPum0Module([join(root, 'delta')]);
    expect(module.files.map((f) => [f.path, f.text])).toEqual([
      ['delta/delta_1.0.0_a.sql', 'SELECT 1'],
      ['delta/delta_1.1.0_b.sql', 'SELECT 1'],
    ]);
    symlinkSync(join(root, 'outside/c.sql'), join(root, 'delta/delta_1.2.0_c.sql'));
    expect(() => loadPum0Module([join(root, 'delta')])).toThrow(
      /delta\/delta_1\.2\.0_c\.sql: leads to .*outside\/c\.sql, outside the module directory/,
    );
  });

  it('names a missing directory', () => {
    expect(() => loadPum0Module(['/no/such/dir'])).toThrow(/cannot read delta directory \/no\/such\/dir/);
    expect(() => loadPum0Module([])).toThrow(/no delta directory given/);
  });
});
