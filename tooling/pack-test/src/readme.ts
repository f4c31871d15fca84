/**
 * What the pack test reads from a package README: the example marked runnable, the packages of
 * its `npm install` command, and the packages that example imports.
 */
import { isBuiltin } from 'node:module';

/** The HTML comment (invisible on npm and GitHub) that marks the fenced `js` block after it as runnable. */
export const EXAMPLE_MARKER = '<!-- runnable-example -->';

const OPENING_FENCE = /^(`{3,}|~{3,})\s*(\S*)/;

interface FencedBlock {
  /** The info string's first word: `js`, `sh`, … */
  language: string;
  code: string;
  /** 0-based line of the opening fence. */
  line: number;
}

function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = OPENING_FENCE.exec(lines[index] as string);
    if (!opening) continue;
    const fence = opening[1] as string;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !(lines[end] as string).trimEnd().startsWith(fence))
      body.push(lines[end++] as string);
    blocks.push({
      language: (opening[2] as string).toLowerCase(),
      code: `${body.join('\n')}\n`,
      line: index,
    });
    index = end;
  }
  return blocks;
}

/**
 * The code of the README's runnable example: the fenced `js` block right after the one
 * {@link EXAMPLE_MARKER}.
 *
 * @throws when there is no marker, more than one, or no `js` block right after it.
 * @example
 * ```ts
 * runnableExample('<!-- runnable-example -->\n```js\nconsole.log(1);\n```\n'); // 'console.log(1);\n'
 * ```
 */
export function runnableExample(markdown: string, source = 'README.md'): string {
  const lines = markdown.split(/\r?\n/);
  const markers = lines.flatMap((line, index) => (line.trim() === EXAMPLE_MARKER ? [index] : []));
  if (markers.length !== 1) {
    throw new Error(
      `${source}: expected one ${EXAMPLE_MARKER} before the example users read first, found ${markers.length}`,
    );
  }
  const marker = markers[0] as number;
  let next = marker + 1;
  while (next < lines.length && (lines[next] as string).trim() === '') next++;
  const block = fencedBlocks(markdown).find((candidate) => candidate.line === next);
  if (!block || !['js', 'javascript', 'mjs'].includes(block.language)) {
    throw new Error(
      `${source}:${marker + 1}: ${EXAMPLE_MARKER} must be followed by a \`\`\`js block (plain JavaScript, run as an ES module)`,
    );
  }
  return block.code;
}

/**
 * The packages of the README's first `npm install` command (in a `sh` block), flags left out.
 *
 * @example
 * ```ts
 * installCommandPackages('```sh\nnpm install @pum/diff @pum/introspect pg\n```\n'); // ['@pum/diff', '@pum/introspect', 'pg']
 * ```
 */
export function installCommandPackages(markdown: string, source = 'README.md'): string[] {
  for (const block of fencedBlocks(markdown)) {
    if (!['sh', 'bash', 'shell', 'console'].includes(block.language)) continue;
    for (const line of block.code.split('\n')) {
      const command = /^\s*\$?\s*npm (?:install|i|add)\s+(.*)$/.exec(line.replace(/\s#.*$/, ''));
      if (command) return (command[1] as string).split(/\s+/).filter((word) => word && !word.startsWith('-'));
    }
  }
  throw new Error(`${source}: no \`npm install …\` command in a sh block`);
}

/** The package a bare specifier names: `@pum/diff/x.json` → `@pum/diff`, `pg/lib/x` → `pg`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/**
 * The packages a module loads — static and dynamic imports and `require` calls with a literal
 * specifier — sorted; relative paths and Node's built-in modules left out.
 *
 * @example
 * ```ts
 * importedPackages("import pg from 'pg';\nimport os from 'node:os';\nimport { run } from '@pum/cli';"); // ['@pum/cli', 'pg']
 * ```
 */
export function importedPackages(code: string): string[] {
  const specifiers = [
    ...code.matchAll(/\bimport\s+(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    // `require` made with createRequire, as bundlers may rename it (`require2`).
    ...code.matchAll(/\brequire\d*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] as string);
  const packages = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('/') && !isBuiltin(specifier))
    .map(packageOf);
  return [...new Set(packages)].sort();
}
