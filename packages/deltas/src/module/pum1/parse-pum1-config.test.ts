import { isPumError, type PumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { parsePum1Config } from './parse-pum1-config.js';

const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

function errorOf(text: string): PumError {
  try {
    parsePum1Config(text);
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected parsePum1Config to throw');
}

const HEAD = ['pum:', '  module: tww'];

describe('parsePum1Config: defaults', () => {
  it('fills in what PUM defaults', () => {
    const { config, legacyHooks } = parsePum1Config(yaml(...HEAD));
    expect(legacyHooks).toBe(false);
    expect(config).toEqual({
      pum: { module: 'tww', migration_table_schema: 'public' },
      changelogs_directory: 'changelogs',
      parameters: [],
      application: { drop: [], create: [] },
      roles: [],
      demo_data: [],
      dependencies: [],
      uninstall: [],
    });
  });

  it('takes an empty optional key as not set, and a parameter without type as text', () => {
    const { config } = parsePum1Config(
      yaml(
        ...HEAD,
        '  minimum_version:',
        'parameters:',
        '  - name: comment',
        '    description:',
        'roles:',
        '  - name: viewer',
        'uninstall:',
      ),
    );
    expect(config.pum).toEqual({ module: 'tww', migration_table_schema: 'public' });
    expect(config.parameters).toEqual([{ name: 'comment', type: 'text', app_only: false }]);
    expect(config.roles).toEqual([{ name: 'viewer', permissions: [] }]);
    expect(config.uninstall).toEqual([]);
  });

  it('reads the older migration_hooks (pre/post) as application drop/create', () => {
    const parsed = parsePum1Config(
      yaml(
        ...HEAD,
        'migration_hooks:',
        '  pre:',
        '    - code: DROP SCHEMA IF EXISTS tww_app CASCADE;',
        '  post:',
        '    - file: app/create_app.sql',
      ),
    );
    expect(parsed.legacyHooks).toBe(true);
    expect(parsed.config.application).toEqual({
      drop: [{ code: 'DROP SCHEMA IF EXISTS tww_app CASCADE;' }],
      create: [{ file: 'app/create_app.sql' }],
    });
  });

  it('reads command hooks as an argument list or a shell line, and code hook files', () => {
    const { config } = parsePum1Config(
      yaml(
        ...HEAD,
        'application:',
        '  drop:',
        '    - file: app/drop_app.ts',
        '  create:',
        '    - command: [python3, app/create_app.py, --srid, "2056"]',
        '    - command: psql -v ON_ERROR_STOP=1 -f app/extra.sql',
      ),
    );
    expect(config.application).toEqual({
      drop: [{ file: 'app/drop_app.ts' }],
      create: [
        { command: ['python3', 'app/create_app.py', '--srid', '2056'] },
        { command: 'psql -v ON_ERROR_STOP=1 -f app/extra.sql' },
      ],
    });
  });

  it('accepts older files without pum.module, or without a pum section', () => {
    expect(parsePum1Config(yaml('pum:', '  migration_table_schema: tww_sys')).config.pum).toEqual({
      migration_table_schema: 'tww_sys',
    });
    expect(parsePum1Config(yaml('changelogs_directory: deltas')).config.pum).toEqual({
      migration_table_schema: 'public',
    });
  });

  it('keeps dependencies and pum.minimum_version without checking them', () => {
    const { config } = parsePum1Config(
      yaml(
        ...HEAD,
        '  minimum_version: 1.4.2',
        'dependencies:',
        '  - name: pirogue',
        '    minimum_version: 3.0.0',
      ),
    );
    expect(config.pum.minimum_version).toBe('1.4.2');
    expect(config.dependencies).toEqual([{ name: 'pirogue', minimum_version: '3.0.0' }]);
  });

  it('strips a BOM and reads CRLF line endings', () => {
    const { config, where } = parsePum1Config(
      '\uFEFFpum:\r\n  module: tww\r\n  migration_table_schema: tww_sys\r\n',
    );
    expect(config.pum.migration_table_schema).toBe('tww_sys');
    expect(where(['pum', 'migration_table_schema'])).toBe('.pum.yaml:3:27: pum.migration_table_schema');
  });

  it('tells whether a key is set', () => {
    const parsed = parsePum1Config(yaml(...HEAD, 'changelogs_directory: deltas'));
    expect(parsed.has(['changelogs_directory'])).toBe(true);
    expect(parsed.has(['pum', 'minimum_version'])).toBe(false);
    expect(parsed.config.changelogs_directory).toBe('deltas');
  });
});

describe('parsePum1Config: errors name the key path and its line:column', () => {
  it.each([
    [
      'a command hook with an empty argument list',
      yaml(...HEAD, 'application:', '  create:', '    - command: []'),
      '.pum.yaml:5:16: application.create[0].command: must not be empty',
      undefined,
    ],
    [
      'a command hook with a number in its arguments',
      yaml(...HEAD, 'application:', '  create:', '    - command: [sleep, 1]'),
      '.pum.yaml:5:16: application.create[0].command: expected a command line (text) or a list of the program and its arguments (texts)',
      undefined,
    ],
    [
      'a hook with both code and command',
      yaml(...HEAD, 'uninstall:', '  - code: SELECT 1', '    command: [echo]'),
      '.pum.yaml:4:5: uninstall[0]: a hook has one of file, code or command, not several',
      'write `- file: path/to/hook.sql`, `- code: SQL` or `- command: [program, arguments…]`',
    ],
    [
      'an unknown top-level key',
      yaml(...HEAD, 'changelog_directory: deltas'),
      '.pum.yaml:3:1: changelog_directory: unknown key',
      'did you mean changelogs_directory? allowed here: pum, changelogs_directory, parameters, application, migration_hooks, roles, demo_data, dependencies, uninstall',
    ],
    [
      'an unknown nested key',
      yaml(
        ...HEAD,
        'roles:',
        '  - name: viewer',
        '    permissions:',
        '      - type: read',
        '        schema: [tww_od]',
      ),
      '.pum.yaml:7:9: roles[0].permissions[0].schema: unknown key',
      'did you mean schemas? allowed here: type, schemas',
    ],
    [
      'a parameter type that does not exist',
      yaml(
        ...HEAD,
        'parameters:',
        '  - name: SRID',
        '    type: integer',
        '  - name: webgis',
        '    type: bool',
      ),
      '.pum.yaml:7:11: parameters[1].type: expected one of boolean, integer, decimal, text, path, got "bool"',
      undefined,
    ],
    [
      'a wrong type',
      yaml(...HEAD, 'parameters:', '  - name: webgis', '    type: boolean', '    app_only: yes'),
      '.pum.yaml:6:15: parameters[0].app_only: expected true or false, got "yes"',
      undefined,
    ],
    [
      'a list where a mapping belongs',
      yaml(...HEAD, 'application:', '  - file: app/create_app.sql'),
      '.pum.yaml:4:3: application: expected a mapping, got a list',
      undefined,
    ],
    [
      'an unquoted version',
      yaml(...HEAD, '  minimum_version: 1.10'),
      '.pum.yaml:3:20: pum.minimum_version: expected a string, got 1.1',
      'quote it: unquoted, YAML reads it as the number 1.1',
    ],
    [
      'an empty module name',
      yaml('pum:', '  module: ""'),
      '.pum.yaml:2:11: pum.module: must not be empty',
      undefined,
    ],
    ['an empty file', '', '.pum.yaml:1:1: expected a mapping, got nothing', undefined],
    [
      'a hook with both file and code',
      yaml(...HEAD, 'application:', '  create:', '    - file: app/create_app.sql', '      code: SELECT 1;'),
      '.pum.yaml:5:7: application.create[0]: a hook has one of file, code or command, not several',
      'write `- file: path/to/hook.sql`, `- code: SQL` or `- command: [program, arguments…]`',
    ],
    [
      'a hook with neither file nor code',
      yaml(...HEAD, 'uninstall:', '  - code: DROP SCHEMA tww_od CASCADE;', '  - {}'),
      '.pum.yaml:5:5: uninstall[1]: a hook needs file, code or command',
      'write `- file: path/to/hook.sql`, `- code: SQL` or `- command: [program, arguments…]`',
    ],
    [
      'application and migration_hooks together',
      yaml(...HEAD, 'application:', '  drop: []', 'migration_hooks:', '  pre: []'),
      '.pum.yaml:5:1: migration_hooks: application and migration_hooks cannot both be set',
      'migration_hooks (pre/post) is the older name of application (drop/create): keep one',
    ],
    [
      'a default that is not among the values',
      yaml(
        ...HEAD,
        'parameters:',
        '  - name: lang_code',
        '    type: text',
        '    default: es',
        '    values: [en, de, fr, it]',
      ),
      '.pum.yaml:6:14: parameters[0].default: "es" is not one of the allowed values: "en", "de", "fr", "it"',
      undefined,
    ],
    [
      'a quoted integer default',
      yaml(...HEAD, 'parameters:', '  - name: SRID', '    type: integer', '    default: "2056"'),
      '.pum.yaml:6:14: parameters[0].default: expected an integer (type integer), got "2056"',
      'write it without quotes, as a YAML number',
    ],
    [
      'a text default that YAML reads as a number',
      yaml(...HEAD, 'parameters:', '  - name: oid_prefix', '    type: text', '    default: 0012'),
      '.pum.yaml:6:14: parameters[0].default: expected a string (type text), got 12',
      'quote it, so that YAML reads it as a string',
    ],
    [
      'a decimal integer default',
      yaml(...HEAD, 'parameters:', '  - name: SRID', '    type: integer', '    default: 2056.5'),
      '.pum.yaml:6:14: parameters[0].default: expected an integer (type integer), got 2056.5',
      undefined,
    ],
    [
      'an allowed value of the wrong type',
      yaml(...HEAD, 'parameters:', '  - name: level', '    type: integer', '    values: [1, two, 3]'),
      '.pum.yaml:6:17: parameters[0].values[1]: expected an integer (type integer), got "two"',
      undefined,
    ],
    [
      'an empty list of values',
      yaml(...HEAD, 'parameters:', '  - name: level', '    values: []'),
      '.pum.yaml:5:13: parameters[0].values: must not be empty',
      undefined,
    ],
    [
      'a parameter name that is no placeholder name',
      yaml(...HEAD, 'parameters:', '  - name: 2nd-srid'),
      '.pum.yaml:4:11: parameters[0].name: expected a name of letters, digits and _, not starting with a digit',
      undefined,
    ],
    [
      'a duplicate parameter',
      yaml(...HEAD, 'parameters:', '  - name: SRID', '  - name: SRID'),
      '.pum.yaml:5:11: parameters[1].name: duplicate parameter "SRID" (also parameters[0])',
      undefined,
    ],
    [
      'an unknown permission type',
      yaml(...HEAD, 'roles:', '  - name: viewer', '    permissions:', '      - type: select'),
      '.pum.yaml:6:15: roles[0].permissions[0].type: expected one of read, write, got "select"',
      undefined,
    ],
    [
      'an inherited role that is not declared',
      yaml(...HEAD, 'roles:', '  - name: tww_user', '    inherit: tww_viewer'),
      '.pum.yaml:5:14: roles[0].inherit: no role named "tww_viewer" is declared',
      'declared roles: tww_user',
    ],
    [
      'roles that inherit in a cycle',
      yaml(...HEAD, 'roles:', '  - name: a', '    inherit: b', '  - name: b', '    inherit: a'),
      '.pum.yaml:5:14: roles[0].inherit: inherits in a cycle: a → b → a (and 1 more)',
      undefined,
    ],
    [
      'demo data with both file and files',
      yaml(...HEAD, 'demo_data:', '  - name: Aletsch', '    file: demo/a.sql', '    files: [demo/b.sql]'),
      '.pum.yaml:4:5: demo_data[0]: a demo data set has file or files, not both',
      undefined,
    ],
    [
      'a changelogs directory outside the module',
      yaml(...HEAD, 'changelogs_directory: ../changelogs'),
      '.pum.yaml:3:23: changelogs_directory: "../changelogs" is not inside the module directory',
      'write the path relative to the directory of .pum.yaml, without leaving it',
    ],
    [
      'an absolute hook path',
      yaml(...HEAD, 'application:', '  drop:', '    - file: /etc/drop.sql'),
      '.pum.yaml:5:13: application.drop[0].file: "/etc/drop.sql" is not inside the module directory',
      'write the path relative to the directory of .pum.yaml, without leaving it',
    ],
    [
      'a duplicate key',
      yaml(...HEAD, 'roles: []', 'roles: []'),
      '.pum.yaml:4:1: invalid YAML: Map keys must be unique',
      undefined,
    ],
  ])('%s', (_what, text, message, hint) => {
    const error = errorOf(text);
    expect(error.code).toBe('PUM_INVALID_FILE');
    expect(error.message).toBe(message);
    expect(error.hint).toBe(hint);
  });

  it('reports the first problem in file order and lists them all in the details', () => {
    const error = errorOf(
      yaml('parameters:', '  - name: x', '    type: int', 'pum:', '  modul: tww', 'extra: 1'),
    );
    expect(error.message).toBe(
      '.pum.yaml:3:11: parameters[0].type: expected one of boolean, integer, decimal, text, path, got "int" (and 2 more)',
    );
    expect(error.details).toMatchObject({ path: '.pum.yaml', line: 3, column: 11 });
    expect(error.details.issues).toEqual([
      {
        key: 'parameters[0].type',
        line: 3,
        column: 11,
        message: 'expected one of boolean, integer, decimal, text, path, got "int"',
      },
      { key: 'pum.modul', line: 5, column: 3, message: 'unknown key' },
      { key: 'extra', line: 6, column: 1, message: 'unknown key' },
    ]);
  });

  it('names the file it was given', () => {
    expect(() => parsePum1Config('pum: {modul: x}\n', { file: 'datamodel/.pum.yaml' })).toThrow(
      'datamodel/.pum.yaml:1:7: pum.modul: unknown key',
    );
  });
});
