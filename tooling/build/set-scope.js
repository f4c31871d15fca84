// @ts-check
/**
 * The npm scope of the published packages as one setting: `config.npmScope` in the root
 * package.json. `rescope()` rewrites the current scope (read from the packages' names) to it in
 * every file git tracks — names, dependencies, imports, READMEs, docs, lint rules. See
 * docs/releasing.md.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** This tool and its test: their examples name scopes on purpose. */
const untouched = new Set([
  'tooling/build/set-scope.js',
  'tooling/build/bin/set-scope.mjs',
  'tooling/build/test/set-scope.test.ts',
]);

/**
 * The scope the packages under `packages/` are named with today (`@pum`).
 * @param {string} root the repository
 * @returns {string}
 */
export function currentScope(root) {
  const scopes = new Set();
  for (const entry of readdirSync(join(root, 'packages'))) {
    let name;
    try {
      name = JSON.parse(readFileSync(join(root, 'packages', entry, 'package.json'), 'utf8')).name;
    } catch {
      continue;
    }
    const scope = /^(@[^/]+)\//.exec(name ?? '')?.[1];
    if (scope) scopes.add(scope);
  }
  if (scopes.size !== 1)
    throw new Error(`the packages use ${scopes.size} scopes (${[...scopes].join(', ')}), not one`);
  return /** @type {string} */ ([...scopes][0]);
}

/**
 * The scope the root package.json's `config.npmScope` asks for.
 * @param {string} root
 * @returns {string}
 */
export function wantedScope(root) {
  const scope = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).config?.npmScope;
  if (typeof scope !== 'string' || !/^@[a-z0-9][a-z0-9._-]*$/.test(scope)) {
    throw new Error(
      `package.json: config.npmScope must be an npm scope such as "@pum", not ${JSON.stringify(scope)}`,
    );
  }
  return scope;
}

/**
 * `text` with every `<from>/` that starts a package name replaced by `<to>/`.
 * @param {string} text
 * @param {string} from e.g. `@pum`
 * @param {string} to e.g. `@pum-ts`
 * @returns {string}
 */
export function replaceScope(text, from, to) {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\w@.-])${escaped}/`, 'g'), `${to}/`);
}

/**
 * Rewrite the scope in every text file git tracks under `root`; only list them when `write` is
 * false. Returns the files (relative to `root`) that change.
 * @param {string} root
 * @param {{ from: string, to: string, write: boolean }} options
 * @returns {string[]}
 */
export function rescope(root, { from, to, write }) {
  if (from === to) return [];
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\0')
    .filter((file) => file && !untouched.has(file));
  const changed = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(join(root, file));
    } catch {
      continue; // deleted in the working tree
    }
    if (text.includes(0)) continue; // binary
    const before = text.toString('utf8');
    const after = replaceScope(before, from, to);
    if (after === before) continue;
    changed.push(file);
    if (write) writeFileSync(join(root, file), after);
  }
  return changed;
}
