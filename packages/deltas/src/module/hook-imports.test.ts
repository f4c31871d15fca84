import { describe, expect, it } from 'vitest';
import { codeImports, pythonImports } from './hook-imports.js';

describe('pythonImports', () => {
  it('reads plain, from, relative and aliased imports', () => {
    const text = [
      'from pum.core.deltapy import DeltaPy',
      'import os, views_helper as vh',
      'from .paths import VIEWS',
      'from . import sql_tools, more',
      '    import indented_helper',
      '# import not_this',
    ].join('\n');
    expect([...pythonImports(text)].sort()).toEqual([
      'indented_helper',
      'more',
      'os',
      'paths',
      'pum',
      'sql_tools',
      'views_helper',
    ]);
  });
});

describe('codeImports', () => {
  it('reads relative imports of the same directory only', () => {
    const text = [
      "import { a } from './helper-a.js';",
      "const b = await import('./helper-b');",
      "const c = require('./helper-c.cjs');",
      "import pg from 'pg';",
      "import { d } from '../elsewhere.js';",
    ].join('\n');
    expect([...codeImports(text)].sort()).toEqual(['helper-a.js', 'helper-b', 'helper-c.cjs']);
  });
});
