import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_MARKER,
  importedPackages,
  installCommandPackages,
  packageOf,
  runnableExample,
} from './readme.js';

const readme = (...parts: string[]) => parts.join('\n');

describe('runnableExample', () => {
  it('returns the js block right after the marker', () => {
    const text = readme(
      '# @pum/x',
      '```ts',
      'const notThis: number = 1;',
      '```',
      '',
      EXAMPLE_MARKER,
      '',
      '```js',
      "import { x } from '@pum/x';",
      '',
      'console.log(x);',
      '```',
      '```js',
      'console.log("nor this");',
      '```',
    );
    expect(runnableExample(text)).toBe("import { x } from '@pum/x';\n\nconsole.log(x);\n");
  });

  it('keeps nested fences of another length inside the block', () => {
    const text = readme(EXAMPLE_MARKER, '````js', '/**', ' * ```', ' */', '````');
    expect(runnableExample(text)).toBe('/**\n * ```\n */\n');
  });

  it('refuses a README without a marker, with two, or with a marker before anything but a js block', () => {
    expect(() => runnableExample('```js\nx\n```\n', 'packages/x/README.md')).toThrow(
      /packages\/x\/README\.md: expected one <!-- runnable-example --> .* found 0/,
    );
    expect(() =>
      runnableExample(readme(EXAMPLE_MARKER, '```js', '```', EXAMPLE_MARKER, '```js', '```')),
    ).toThrow(/found 2/);
    expect(() =>
      runnableExample(readme('text', EXAMPLE_MARKER, '```ts', 'const a: number = 1;', '```')),
    ).toThrow(/README\.md:2: .* must be followed by a ```js block/);
    expect(() => runnableExample(readme(EXAMPLE_MARKER, 'prose', '```js', '```'))).toThrow(
      /followed by a ```js/,
    );
  });
});

describe('installCommandPackages', () => {
  it('reads the first npm install command of a sh block, without flags or comments', () => {
    expect(installCommandPackages('```sh\nnpm install @pum/diff @pum/introspect pg\n```\n')).toEqual([
      '@pum/diff',
      '@pum/introspect',
      'pg',
    ]);
    expect(
      installCommandPackages('```sh\nnpm install --global @pum/cli # the pum command\npum --help\n```\n'),
    ).toEqual(['@pum/cli']);
  });

  it('ignores commands outside sh blocks and fails without one', () => {
    expect(() =>
      installCommandPackages('run `npm install x`\n```js\n// npm install y\n```\n', 'R.md'),
    ).toThrow(/R\.md: no `npm install …` command/);
  });
});

describe('importedPackages', () => {
  it('lists the packages of imports and require calls, without built-ins and relative paths', () => {
    const code = [
      "import { spawn } from 'node:child_process';",
      "import os from 'os';",
      "import pg from 'pg';",
      'import {',
      '  childEnvironment,',
      '  resolveConnection,',
      "} from '@pum/connect';",
      "import * as dump from '@pum/dump';",
      "import schema from '@pum/diff/diff-report.schema.json' with { type: 'json' };",
      "import './side-effect.js';",
      "const { run } = await import('@pum/cli');",
      'yaml ??= require2("yaml");',
      "const fs = require('node:fs');",
    ].join('\n');
    expect(importedPackages(code)).toEqual([
      '@pum/cli',
      '@pum/connect',
      '@pum/diff',
      '@pum/dump',
      'pg',
      'yaml',
    ]);
  });

  it('names the package of a deep specifier', () => {
    expect(packageOf('@pum/cli/schemas/upgrade.schema.json')).toBe('@pum/cli');
    expect(packageOf('pg/lib/client.js')).toBe('pg');
  });
});
