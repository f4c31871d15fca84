// @ts-check
/**
 * One benchmark's section of BENCHMARKS.md, kept between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->` so that each benchmark rewrites its own part only. Hand-written
 * notes inside it, between `<!-- bench:<name>:notes:start -->` and `…:notes:end -->`, survive
 * the rewrite (they go last).
 */

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

const fileHead = `# Benchmarks

Measured by the \`bench:*\` scripts of the root package.json (code in \`tooling/bench\`); each
script rewrites its own section below.
`;

/**
 * The text between two markers, markers included, or `undefined`.
 * @param {string} text
 * @param {string} start
 * @param {string} end
 */
function between(text, start, end) {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  return from !== -1 && to !== -1 ? { from, to: to + end.length } : undefined;
}

/**
 * Put `body` between the markers of `name` in `text`: in place when they are there (keeping
 * the section's notes block), appended otherwise.
 * @param {string} text
 * @param {string} name
 * @param {string} body
 * @example
 * ```js
 * replaceSection('# Benchmarks\n', 'introspect', '## Introspection\n…');
 * ```
 */
export function replaceSection(text, name, body) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const found = between(text, start, end);
  const old = found ? text.slice(found.from, found.to) : '';
  const notesAt = between(old, `<!-- bench:${name}:notes:start -->`, `<!-- bench:${name}:notes:end -->`);
  const notes = notesAt ? `\n\n${old.slice(notesAt.from, notesAt.to)}` : '';
  const block = `${start}\n${body.trim()}${notes}\n${end}`;
  if (found) return text.slice(0, found.from) + block + text.slice(found.to);
  return `${text.trimEnd()}\n\n${block}\n`;
}

/**
 * Rewrite the section `name` of the Markdown file at `path`, creating the file if needed.
 * @param {string} path
 * @param {string} name
 * @param {string} body
 */
export async function writeSection(path, name, body) {
  const text = existsSync(path) ? await readFile(path, 'utf8') : fileHead;
  await writeFile(path, replaceSection(text, name, body));
}
