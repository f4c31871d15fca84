import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isPumError, type PumError } from '@pum/core';
import { afterAll, describe, expect, it } from 'vitest';
import { checksumOf } from '../normalise.js';
import { isPum1Module, loadPum1Module } from './load-pum1-module.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Write a module into a fresh temporary directory; `null` makes an empty directory. */
function writeModule(tree: Record<string, string | null>): string {
  const root = mkdtempSync(join(tmpdir(), 'pum1-module-'));
  roots.push(root);
  for (const [path, text] of Object.entries(tree)) {
    const absolute = join(root, path);
    if (text === null) {
      mkdirSync(absolute, { recursive: true });
    } else {
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, text);
    }
  }
  return root;
}

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

const TWW_CONFIG = yaml(
  'pum:', //                                                      1
  '  module: tww',
  '  migration_table_schema: tww_sys',
  '  minimum_version: 1.4.2',
  '', //                                                          5
  'parameters:',
  '  - name: SRID',
  '    type: integer',
  '    default: 2056',
  '    description: Coordinate Reference System of the geometry columns.', // 10
  '  - name: webgis',
  '    type: boolean',
  '    default: false',
  '    description: enable the WebGIS application views',
  '    app_only: true', //                                        15
  '  - name: lang_code',
  '    type: text',
  '    default: en',
  '    app_only: true',
  '    values: [en, de, fr, it]', //                              20
  '',
  'roles:',
  '  - name: tww_viewer',
  '    description: Role for users who can view the TWW data.',
  '    permissions:', //                                          25
  '      - type: read',
  '        schemas: [tww_od, tww_vl, tww_sys, tww_app]',
  '  - name: tww_user',
  '    inherit: tww_viewer',
  '    permissions:', //                                          30
  '      - type: write',
  '        schemas: [tww_od]',
  '',
  'dependencies:',
  '  - name: pirogue', //                                         35
  '    minimum_version: 3.0.0',
  '',
  'application:',
  '  drop:',
  '    - file: app/drop_app.sql', //                              40
  '    - code: DROP SCHEMA IF EXISTS tww_app CASCADE;',
  '  create:',
  '    - code: CREATE SCHEMA tww_app;',
  '    - file: app/create_app.sql',
  '', //                                                          45
  'uninstall:',
  '  - code: DROP SCHEMA IF EXISTS tww_od CASCADE;',
  '',
  'demo_data:',
  '  - name: Aletsch', //                                         50
  '    file: demo_data/aletsch.sql',
  '  - name: Lausanne',
  '    files:',
  '      - demo_data/lausanne_1.sql',
  '      - demo_data/lausanne_2.sql', //                          55
);

const TWW_TREE: Record<string, string | null> = {
  '.pum.yaml': TWW_CONFIG,
  'app/drop_app.sql': 'DROP VIEW IF EXISTS tww_app.vw_reach;\n',
  'app/create_app.sql': 'CREATE VIEW tww_app.vw_reach AS SELECT * FROM tww_od.reach;\n',
  'demo_data/aletsch.sql': 'INSERT INTO tww_od.reach VALUES (1);\n',
  'demo_data/lausanne_1.sql': 'INSERT INTO tww_od.reach VALUES (2);\n',
  'demo_data/lausanne_2.sql': 'INSERT INTO tww_od.reach VALUES (3);\n',
  'changelogs/.gitkeep': '',
  'changelogs/README.md': 'how to write a changelog\n',
  'changelogs/1.0.0/02_tables.sql': 'CREATE TABLE tww_od.reach (id int);\n',
  'changelogs/1.0.0/01_schema.sql': '\uFEFFCREATE SCHEMA tww_od;\r\nCREATE SCHEMA tww_vl;\r\n',
  'changelogs/1.0.0/10_geometry.sql':
    'ALTER TABLE tww_od.reach ADD COLUMN geom geometry(LineString, {SRID});\n',
  'changelogs/1.10.0/01_ten.sql': 'SELECT 110;\n',
  'changelogs/1.9.0/01_nine.sql': 'SELECT 19;\n',
  'changelogs/1.9.0/.DS_Store': 'binary junk',
  'changelogs/1.10.1/APP_ONLY_RELEASE': '',
  'changelogs/2025.0.1/01_calendar.sql': 'SELECT 2025;\n',
  'changelogs/2025.0.1/Z_last.sql': 'SELECT 2;\n',
  'changelogs/2025.0.1/a_after_upper_case.sql': 'SELECT 3;\n',
};

function without(tree: Record<string, string | null>, path: string): Record<string, string | null> {
  return Object.fromEntries(Object.entries(tree).filter(([key]) => key !== path));
}

function errorOf(run: () => unknown): PumError {
  try {
    run();
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected a PumError');
}

describe('loadPum1Module: a TWW-like module', () => {
  const root = writeModule(TWW_TREE);
  const module = loadPum1Module(root, { ignore: ['README.md'] });

  it('is recognised by its .pum.yaml', () => {
    expect(isPum1Module(root)).toBe(true);
    expect(isPum1Module(join(root, 'changelogs'))).toBe(false);
    expect(isPum1Module(join(root, 'nowhere'))).toBe(false);
  });

  it('names the module and its migration table', () => {
    expect(module.layout).toBe('pum1');
    expect(module.name).toBe('tww');
    expect(module.roots).toEqual([root]);
    expect(module.migrationTable).toEqual({ schema: 'tww_sys', name: 'pum_migrations' });
    expect(module.config.pum.minimum_version).toBe('1.4.2');
    expect(module.config.dependencies).toEqual([{ name: 'pirogue', minimum_version: '3.0.0' }]);
  });

  it('runs drop hooks, changelogs in version then name order, create hooks', () => {
    expect(module.files.map((f) => [f.kind, f.version?.text, f.name, f.path])).toEqual([
      ['hook', undefined, 'drop:0', 'app/drop_app.sql'],
      ['hook', undefined, 'drop:1', '.pum.yaml#application.drop[1]'],
      ['delta', '1.0.0', '01_schema', 'changelogs/1.0.0/01_schema.sql'],
      ['delta', '1.0.0', '02_tables', 'changelogs/1.0.0/02_tables.sql'],
      ['delta', '1.0.0', '10_geometry', 'changelogs/1.0.0/10_geometry.sql'],
      ['delta', '1.9.0', '01_nine', 'changelogs/1.9.0/01_nine.sql'],
      ['delta', '1.10.0', '01_ten', 'changelogs/1.10.0/01_ten.sql'],
      ['delta', '2025.0.1', '01_calendar', 'changelogs/2025.0.1/01_calendar.sql'],
      ['delta', '2025.0.1', 'Z_last', 'changelogs/2025.0.1/Z_last.sql'],
      ['delta', '2025.0.1', 'a_after_upper_case', 'changelogs/2025.0.1/a_after_upper_case.sql'],
      ['hook', undefined, 'create:0', '.pum.yaml#application.create[0]'],
      ['hook', undefined, 'create:1', 'app/create_app.sql'],
    ]);
    expect(module.files.every((f) => f.language === 'sql')).toBe(true);
    expect(module.dropHooks.map((f) => f.name)).toEqual(['drop:0', 'drop:1']);
    expect(module.createHooks.map((f) => f.name)).toEqual(['create:0', 'create:1']);
  });

  it('keeps every version directory, with application-only releases', () => {
    expect(module.changelogs.map((c) => [c.version.text, c.directory, c.appOnly, c.files.length])).toEqual([
      ['1.0.0', 'changelogs/1.0.0', false, 3],
      ['1.9.0', 'changelogs/1.9.0', false, 1],
      ['1.10.0', 'changelogs/1.10.0', false, 1],
      ['1.10.1', 'changelogs/1.10.1', true, 0],
      ['2025.0.1', 'changelogs/2025.0.1', false, 3],
    ]);
  });

  it('normalises text and checksums it', () => {
    const schema = module.files.find((f) => f.name === '01_schema');
    expect(schema?.text).toBe('CREATE SCHEMA tww_od;\nCREATE SCHEMA tww_vl;\n');
    expect(schema?.checksum).toBe(checksumOf('CREATE SCHEMA tww_od;\nCREATE SCHEMA tww_vl;\n'));
    expect(schema?.pum0Checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(schema?.absolutePath).toBe(join(root, 'changelogs', '1.0.0', '01_schema.sql'));
  });

  it('turns inline code into a hook file that names where it is written', () => {
    const [, inline] = module.dropHooks;
    expect(inline).toMatchObject({
      version: undefined,
      kind: 'hook',
      language: 'sql',
      path: '.pum.yaml#application.drop[1]',
      absolutePath: `${join(root, '.pum.yaml')}#application.drop[1]`,
      text: 'DROP SCHEMA IF EXISTS tww_app CASCADE;',
      checksum: checksumOf('DROP SCHEMA IF EXISTS tww_app CASCADE;'),
    });
    expect(module.uninstallHooks.map((f) => [f.name, f.path, f.text])).toEqual([
      ['uninstall:0', '.pum.yaml#uninstall[0]', 'DROP SCHEMA IF EXISTS tww_od CASCADE;'],
    ]);
  });

  it('declares typed parameters', () => {
    expect(module.parameters).toEqual([
      {
        name: 'SRID',
        type: 'integer',
        default: 2056,
        description: 'Coordinate Reference System of the geometry columns.',
        appOnly: false,
      },
      {
        name: 'webgis',
        type: 'boolean',
        default: false,
        description: 'enable the WebGIS application views',
        appOnly: true,
      },
      { name: 'lang_code', type: 'text', default: 'en', values: ['en', 'de', 'fr', 'it'], appOnly: true },
    ]);
  });

  it('declares roles and demo data', () => {
    expect(module.roles).toEqual([
      {
        name: 'tww_viewer',
        description: 'Role for users who can view the TWW data.',
        permissions: [{ type: 'read', schemas: ['tww_od', 'tww_vl', 'tww_sys', 'tww_app'] }],
      },
      { name: 'tww_user', inherit: 'tww_viewer', permissions: [{ type: 'write', schemas: ['tww_od'] }] },
    ]);
    expect(module.demoData.map((set) => [set.name, set.files.map((f) => [f.name, f.path])])).toEqual([
      ['Aletsch', [['demo:Aletsch:0', 'demo_data/aletsch.sql']]],
      [
        'Lausanne',
        [
          ['demo:Lausanne:0', 'demo_data/lausanne_1.sql'],
          ['demo:Lausanne:1', 'demo_data/lausanne_2.sql'],
        ],
      ],
    ]);
  });
});

describe('loadPum1Module: other layouts', () => {
  it('reads the older migration_hooks and a custom changelogs directory', () => {
    const root = writeModule({
      '.pum.yaml': yaml(
        'pum:',
        '  module: signalo',
        'changelogs_directory: deltas',
        'migration_hooks:',
        '  pre:',
        '    - code: DROP SCHEMA IF EXISTS signalo_app CASCADE;',
        '  post:',
        '    - file: app/create_app.sql',
      ),
      'app/create_app.sql': 'CREATE SCHEMA signalo_app;\n',
      'deltas/1.0.0/01.sql': 'CREATE SCHEMA signalo_od;\n',
    });
    const module = loadPum1Module(root);
    expect(module.migrationTable).toEqual({ schema: 'public', name: 'pum_migrations' });
    expect(module.files.map((f) => [f.name, f.path])).toEqual([
      ['drop:0', '.pum.yaml#migration_hooks.pre[0]'],
      ['01', 'deltas/1.0.0/01.sql'],
      ['create:0', 'app/create_app.sql'],
    ]);
  });

  it('skips entries matched by ignore globs, by name or by module path', () => {
    const root = writeModule({
      '.pum.yaml': yaml('pum:', '  module: m'),
      'changelogs/1.0.0/01.sql': 'SELECT 1;\n',
      'changelogs/1.0.0/notes.txt': 'why',
      'changelogs/drafts/01.sql': 'SELECT 2;\n',
    });
    const module = loadPum1Module(root, { ignore: ['changelogs/1.0.0/*.txt', 'draft?'] });
    expect(module.files.map((f) => f.path)).toEqual(['changelogs/1.0.0/01.sql']);
  });
});

describe('loadPum1Module: errors', () => {
  const config = yaml('pum:', '  module: m');

  it.each([
    [
      'a non-version directory under changelogs',
      { 'changelogs/1.0.0/01.sql': '', 'changelogs/next/01.sql': '' },
      'PUM_INVALID_FILE',
      'changelogs/next: not a version directory (a version is numbers separated by dots, such as 1.2.0 or 2025.0.1)',
      'rename it, or skip it on purpose with ignore',
    ],
    [
      'a pre-release version directory',
      { 'changelogs/1.0.0-beta/01.sql': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.0.0-beta: not a version directory (a version is numbers separated by dots, such as 1.2.0 or 2025.0.1)',
      'rename it, or skip it on purpose with ignore',
    ],
    [
      'a stray file in a version directory',
      { 'changelogs/1.2.0/01.sql': '', 'changelogs/1.2.0/notes.txt': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.2.0/notes.txt: unrecognised file in a changelog version directory (expected .sql, .js, .mjs or .ts files, or APP_ONLY_RELEASE)',
      'rename it, or skip it on purpose with ignore; pum never skips a file silently',
    ],
    [
      'two changelog files of one name',
      { 'changelogs/1.2.0/01_fill.sql': '', 'changelogs/1.2.0/01_fill.ts': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.2.0/01_fill.ts: has the same name as changelogs/1.2.0/01_fill.sql',
      'keep one file per changelog name',
    ],
    [
      'an upper-case extension',
      { 'changelogs/1.2.0/01.SQL': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.2.0/01.SQL: unrecognised file in a changelog version directory (expected .sql, .js, .mjs or .ts files, or APP_ONLY_RELEASE)',
      'rename it, or skip it on purpose with ignore; pum never skips a file silently',
    ],
    [
      'a file directly in the changelogs directory',
      { 'changelogs/1.0.0/01.sql': '', 'changelogs/01.sql': '' },
      'PUM_INVALID_FILE',
      'changelogs/01.sql: a file directly in the changelogs directory (only version directories such as 1.2.0 belong here)',
      'move it into a version directory, or skip it on purpose with ignore',
    ],
    [
      'a Python changelog',
      { 'changelogs/1.2.0/01.sql': '', 'changelogs/1.2.0/02_fill.py': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.2.0/02_fill.py: Python changelogs are not run by pum',
      'changelogs are SQL (or .js/.ts code deltas): move the Python into an application hook (file: x.py) or a command: hook',
    ],
    [
      'a directory inside a version directory',
      { 'changelogs/1.2.0/01.sql': '', 'changelogs/1.2.0/sub/02.sql': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.2.0/sub: a directory inside a changelog version directory',
      'move it out, or skip it on purpose with ignore',
    ],
    [
      'two directories of one version',
      { 'changelogs/1.0/01.sql': '', 'changelogs/1.0.0/01.sql': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.0.0: the same version as changelogs/1.0',
      'keep one directory per version',
    ],
    [
      'an empty version directory',
      { 'changelogs/1.0.0/.gitkeep': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.0.0: an empty version directory',
      'add its changelog files, or an empty APP_ONLY_RELEASE file for a release that changes only the application',
    ],
    [
      'APP_ONLY_RELEASE next to SQL files',
      { 'changelogs/1.0.0/APP_ONLY_RELEASE': '', 'changelogs/1.0.0/01.sql': '' },
      'PUM_INVALID_FILE',
      'changelogs/1.0.0: holds both APP_ONLY_RELEASE and changelog files',
      'APP_ONLY_RELEASE marks a version without changelogs: remove it, or move the files to another version',
    ],
    [
      'a missing changelogs directory',
      {},
      'PUM_FILE_NOT_FOUND',
      'changelogs directory changelogs/ not found',
      'create it, or set changelogs_directory in .pum.yaml (default: changelogs)',
    ],
  ])('%s', (_what, tree, code, message, hint) => {
    const root = writeModule({ '.pum.yaml': config, ...tree });
    const error = errorOf(() => loadPum1Module(root));
    expect([error.code, error.message, error.hint]).toEqual([code, message, hint]);
  });

  it('names the configured changelogs directory when it is missing', () => {
    const root = writeModule({ '.pum.yaml': yaml('pum:', '  module: m', 'changelogs_directory: deltas') });
    const error = errorOf(() => loadPum1Module(root));
    expect([error.code, error.message]).toEqual([
      'PUM_FILE_NOT_FOUND',
      '.pum.yaml:3:23: changelogs_directory: changelogs directory deltas/ not found',
    ]);
  });

  it('reads a Python hook (issue 14): a module whose hooks are Python can be read without Python', () => {
    const root = writeModule({
      ...TWW_TREE,
      '.pum.yaml': TWW_CONFIG.replace('app/create_app.sql', 'app/create_app.py'),
      'app/create_app.py': 'def run_hook(connection): pass\n',
    });
    const module = loadPum1Module(root, { ignore: ['README.md'] });
    expect(module.createHooks.map((f) => [f.path, f.language])).toContainEqual([
      'app/create_app.py',
      'python',
    ]);
  });

  it('reports a missing hook file with its key and line', () => {
    const root = writeModule(without(TWW_TREE, 'app/drop_app.sql'));
    const error = errorOf(() => loadPum1Module(root, { ignore: ['README.md'] }));
    expect([error.code, error.message, error.hint]).toEqual([
      'PUM_FILE_NOT_FOUND',
      '.pum.yaml:40:13: application.drop[0].file: app/drop_app.sql not found',
      'paths in .pum.yaml are relative to its directory',
    ]);
  });

  it('reports a missing demo data file of a list with its index', () => {
    const root = writeModule(without(TWW_TREE, 'demo_data/lausanne_2.sql'));
    const error = errorOf(() => loadPum1Module(root, { ignore: ['README.md'] }));
    expect([error.code, error.message]).toEqual([
      'PUM_FILE_NOT_FOUND',
      '.pum.yaml:55:9: demo_data[1].files[1]: demo_data/lausanne_2.sql not found',
    ]);
  });

  it('refuses a hook that is not an SQL file, or a directory', () => {
    const text = yaml(
      'pum:',
      '  module: m',
      'application:',
      '  create:',
      '    - file: app/create.txt',
      '    - file: app',
    );
    const root = writeModule({ '.pum.yaml': text, 'app/create.txt': '', 'changelogs/1.0.0/01.sql': '' });
    expect(errorOf(() => loadPum1Module(root)).message).toBe(
      '.pum.yaml:5:13: application.create[0].file: expected an .sql, .py, .js, .mjs or .ts file, got app/create.txt',
    );
    const dir = writeModule({
      '.pum.yaml': text.replace('app/create.txt', 'app.sql'),
      'app.sql': null,
      'changelogs/1.0.0/01.sql': '',
    });
    expect(errorOf(() => loadPum1Module(dir)).message).toBe(
      '.pum.yaml:5:13: application.create[0].file: app.sql is not a file',
    );
  });

  it('reports a missing .pum.yaml', () => {
    const root = writeModule({ 'changelogs/1.0.0/01.sql': '' });
    const error = errorOf(() => loadPum1Module(root));
    expect(error.code).toBe('PUM_FILE_NOT_FOUND');
    expect(error.message).toContain(`cannot read ${join(root, '.pum.yaml')}`);
  });

  it('reports an invalid .pum.yaml before reading any file', () => {
    const root = writeModule({ '.pum.yaml': yaml('pum:', '  module: m', 'hooks: []') });
    expect(errorOf(() => loadPum1Module(root)).message).toBe('.pum.yaml:3:1: hooks: unknown key');
  });
});
