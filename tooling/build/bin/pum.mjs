#!/usr/bin/env node
// @ts-check
/**
 * `pnpm pum …` in a clone: build the JavaScript of the packages whose sources changed (see
 * ../dev-build.js; nothing when dist/ is current), then run the `pum` bin in this process, with
 * the same arguments. `npm install --global ./packages/cli` puts that bin itself on PATH.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildJavascript, stalePackages } from '../dev-build.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const stale = stalePackages(root);
if (stale.length > 0) {
  process.stderr.write(`building pum from source (${stale.map((pkg) => pkg.name).join(', ')})…\n`);
  const failures = await buildJavascript(stale);
  for (const failure of failures)
    process.stderr.write(`\n${failure.name}: build failed\n${failure.output}\n`);
  if (failures.length > 0) process.exit(1);
}
await import(pathToFileURL(join(root, 'packages', 'cli', 'bin', 'pum.js')).href);
