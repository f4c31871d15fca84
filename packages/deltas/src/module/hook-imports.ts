/**
 * The local modules a Python or code file imports, read from its text without running it: how the
 * PUM 0.x loader tells a helper module that hooks import (kept, not run) from a misnamed delta.
 */

const PYTHON_FROM = /^\s*from\s+(\.*)([A-Za-z_]\w*)?(?:\.[\w.]+)?\s+import\s+(.+)$/;
const PYTHON_IMPORT = /^\s*import\s+(.+)$/;
const CODE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]\.\/([^'"/]+)['"]/g;

/** The first name of each `a.b as c` in an import list. */
function topNames(list: string): string[] {
  return list
    .replace(/[()\\]/g, ' ')
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0]?.split('.')[0] ?? '')
    .filter((name) => /^[A-Za-z_]\w*$/.test(name));
}

/**
 * Names of the modules a Python file imports: `import a, b.c` gives `a`, `b`; `from a.b import
 * c` gives `a`; a relative `from . import c` gives `c` and `from .a import c` gives `a`.
 * Module names, not file names: `helpers` stands for `helpers.py` or a `helpers/` package.
 *
 * @example
 * ```ts
 * pythonImports('from pum.core.deltapy import DeltaPy\nimport views_helper as vh');
 * // Set { 'pum', 'views_helper' }
 * ```
 */
export function pythonImports(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const from = PYTHON_FROM.exec(line);
    if (from) {
      const [, dots = '', module, imported = ''] = from;
      if (module !== undefined) names.add(module);
      else if (dots !== '') for (const name of topNames(imported)) names.add(name);
      continue;
    }
    const plain = PYTHON_IMPORT.exec(line);
    if (plain) for (const name of topNames(plain[1] ?? '')) names.add(name);
  }
  return names;
}

/**
 * File names a code file (`.js`, `.mjs`, `.ts`) imports from its own directory (`'./x.js'`,
 * `require('./x')`), as written: `x.js`, or `x` without an extension.
 *
 * @example
 * ```ts
 * codeImports("import { fill } from './fill-helper.js';"); // Set { 'fill-helper.js' }
 * ```
 */
export function codeImports(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(CODE_SPECIFIER)) if (match[1]) names.add(match[1]);
  return names;
}
