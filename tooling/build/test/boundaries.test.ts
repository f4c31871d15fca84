/**
 * Proves that the repository's boundary rules reject a package that reaches into another
 * package's `src/` or imports a package it does not declare, and accept a clean import.
 * Runs both enforcers of `pnpm lint` — `turbo boundaries` and biome with the repository's own
 * biome.json — on a small workspace built in a temporary directory.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = (name: string) => join(repoRoot, 'node_modules/.bin', name);

const workspaces: string[] = [];

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** A two-package workspace where `@pum/b` imports with `source`. */
function makeWorkspace(source: string): string {
  const root = mkdtempSync(join(tmpdir(), 'pum-boundaries-'));
  workspaces.push(root);
  cpSync(join(repoRoot, 'biome.json'), join(root, 'biome.json'));
  writeJson(join(root, 'package.json'), { name: 'fixture', private: true, packageManager: 'pnpm@10.34.9' });
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writeJson(join(root, 'turbo.json'), { tasks: {} });
  for (const name of ['a', 'b', 'c']) mkdirSync(join(root, 'packages', name, 'src'), { recursive: true });
  writeJson(join(root, 'packages/a/package.json'), { name: '@pum/a', version: '0.0.0', type: 'module' });
  writeFileSync(join(root, 'packages/a/src/index.ts'), 'export const a = 1;\n');
  writeJson(join(root, 'packages/c/package.json'), { name: '@pum/c', version: '0.0.0', type: 'module' });
  writeFileSync(join(root, 'packages/c/src/index.ts'), 'export const c = 1;\n');
  writeJson(join(root, 'packages/b/package.json'), {
    name: '@pum/b',
    version: '0.0.0',
    type: 'module',
    dependencies: { '@pum/a': 'workspace:*' },
  });
  writeFileSync(join(root, 'packages/b/src/index.ts'), source);
  return root;
}

async function outcome(file: string, args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const turboBoundaries = (cwd: string) => outcome(bin('turbo'), ['boundaries'], cwd);
const biomeLint = (cwd: string) => outcome(bin('biome'), ['lint', '--vcs-use-ignore-file=false', '.'], cwd);

afterEach(() => {
  for (const root of workspaces.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('package boundaries', () => {
  it("rejects an import of another package's src/", async () => {
    const root = makeWorkspace("import { a } from '../../a/src/index.js';\nexport const b = a;\n");
    const turbo = await turboBoundaries(root);
    expect(turbo.ok).toBe(false);
    expect(turbo.output).toMatch(/outside of `@pum\/b`/);
    const biome = await biomeLint(root);
    expect(biome.ok).toBe(false);
    expect(biome.output).toContain('never its src/');
  });

  it("rejects a deep import of another package's src/ through its name", async () => {
    const root = makeWorkspace("import { a } from '@pum/a/src/index.js';\nexport const b = a;\n");
    const biome = await biomeLint(root);
    expect(biome.ok).toBe(false);
    expect(biome.output).toContain('noRestrictedImports');
  });

  it('rejects an undeclared dependency', async () => {
    const root = makeWorkspace("import { c } from '@pum/c';\nexport const b = c;\n");
    const turbo = await turboBoundaries(root);
    expect(turbo.ok).toBe(false);
    expect(turbo.output).toContain('cannot import package `@pum/c` because it is not a dependency');
    const biome = await biomeLint(root);
    expect(biome.ok).toBe(false);
    expect(biome.output).toContain('noUndeclaredDependencies');
  });

  it('accepts an import of a declared package through its entry point', async () => {
    const root = makeWorkspace("import { a } from '@pum/a';\nexport const b = a;\n");
    const turbo = await turboBoundaries(root);
    expect(turbo.output).not.toContain('outside of');
    expect(turbo.ok).toBe(true);
    const biome = await biomeLint(root);
    expect(biome.output).not.toContain('×');
    expect(biome.ok).toBe(true);
  });
});
