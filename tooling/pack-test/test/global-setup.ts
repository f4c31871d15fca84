/**
 * vitest `globalSetup`: pack the workspace once for every test file (`inject('pumPacks')`), in
 * a temporary directory outside the workspace, where the scratch projects go too.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type PackedPackage, packWorkspace } from '../src/workspace.js';

/** What the test files get. */
export interface PackedWorkspace {
  packages: PackedPackage[];
  /** Where the scratch projects go. */
  projectsDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pumPacks: PackedWorkspace;
  }
}

export async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'pum-pack-test-'));
  // As root, PostgreSQL runs as the postgres user, who must be able to walk into the projects.
  chmodSync(dir, 0o755);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const started = Date.now();
    const packages = await packWorkspace(dir);
    const projectsDir = join(dir, 'projects');
    mkdirSync(projectsDir, { mode: 0o755 });
    process.stderr.write(
      `[pack-test] packed ${packages.map((entry) => entry.name).join(', ')} in ${Date.now() - started} ms\n`,
    );
    project.provide('pumPacks', { packages, projectsDir });
  } catch (error) {
    cleanup();
    throw error;
  }
  return cleanup;
}
