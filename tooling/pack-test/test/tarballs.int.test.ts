/**
 * What each tarball holds, read from the tarball itself: what `files` lets in (and nothing of
 * the sources or tests), entry points that exist, dependency ranges that npm can resolve, and a
 * declared dependency for every package the built code imports.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { importedPackages } from '../src/readme.js';
import { runtimeDependencies, workspaceRoot } from '../src/workspace.js';

const { packages } = inject('pumPacks');

/** Every file under `dir`, relative, `/`-separated, sorted. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** The files `exports`, `main`, `types` and `bin` name; `*` patterns as they are. */
function entryPoints(manifest: (typeof packages)[number]['manifest']): string[] {
  const targets = Object.values(manifest.exports ?? {}).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  return [...new Set([...targets, ...bins, manifest.main, manifest.types])]
    .filter((target): target is string => typeof target === 'string')
    .map((target) => target.replace(/^\.\//, ''));
}

it('packs every package of packages/, and each has a scenario here', () => {
  const packagesDir = join(workspaceRoot, 'packages');
  const expected = readdirSync(packagesDir).filter((name) =>
    existsSync(join(packagesDir, name, 'package.json')),
  );
  expect(packages.map((entry) => relative(packagesDir, entry.sourceDir)).sort()).toEqual(expected.sort());
  for (const entry of packages) {
    const scenario = join(import.meta.dirname, `${entry.name.replace('@pum/', '')}.int.test.ts`);
    expect(existsSync(scenario), `${entry.name} needs a scenario: ${relative(workspaceRoot, scenario)}`).toBe(
      true,
    );
  }
});

describe.each(packages.map((entry) => [entry.name, entry] as const))('the tarball of %s', (name, packed) => {
  const files = filesUnder(packed.extractedDir);
  const { manifest } = packed;

  it('holds what `files` names, the README, the licence and package.json — no sources, tests or configs', () => {
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']),
    );
    const allowed = new Set([...(manifest.files ?? []), 'package.json', 'README.md', 'LICENSE']);
    const outside = files.filter((file) => !allowed.has(file) && !allowed.has(file.split('/')[0] as string));
    expect(outside, 'files outside `files`').toEqual([]);
    const unwanted = files.filter(
      (file) =>
        /^(src|test|scripts|\.turbo)\/|(^|\/)node_modules\/|\.test\.[cm]?[jt]s(\.map)?$/.test(file) ||
        ['tsconfig.json', 'tsup.config.ts', 'vitest.config.ts', 'turbo.json'].includes(file),
    );
    expect(unwanted, 'sources, tests or configs shipped').toEqual([]);
  });

  it('has every entry point it names', () => {
    for (const target of entryPoints(manifest)) {
      if (target.includes('*')) {
        const dir = join(packed.extractedDir, target.slice(0, target.indexOf('*')));
        expect(existsSync(dir) && readdirSync(dir).length > 0, `${target}: nothing ships there`).toBe(true);
      } else {
        expect(existsSync(join(packed.extractedDir, target)), `${target} is missing`).toBe(true);
      }
    }
  });

  it('depends on pum packages by version ranges npm resolves, never workspace:', () => {
    expect(readFileSync(join(packed.extractedDir, 'package.json'), 'utf8')).not.toContain('workspace:');
    for (const [dependency, range] of Object.entries(runtimeDependencies(manifest))) {
      if (!dependency.startsWith('@pum/')) continue;
      const target = packages.find((entry) => entry.name === dependency);
      expect(target, `${name} needs ${dependency}, which is not published`).toBeDefined();
      expect(range, `${name} → ${dependency}`).toBe(`^${target?.version}`);
    }
  });

  it('declares every package its code (dist/, bin/) imports', () => {
    const declared = Object.keys(runtimeDependencies(manifest));
    const imported = new Set(
      files
        .filter((file) => /^(dist|bin)\/.*\.m?js$/.test(file))
        .flatMap((file) => importedPackages(readFileSync(join(packed.extractedDir, file), 'utf8'))),
    );
    const undeclared = [...imported].filter(
      (dependency) => dependency !== name && !declared.includes(dependency),
    );
    expect(undeclared, `${name} imports packages it does not declare`).toEqual([]);
  });
});

describe('what @pum/cli ships beside its code', () => {
  const cli = packages.find((entry) => entry.name === '@pum/cli');
  if (!cli) throw new Error('@pum/cli was not packed');

  it('the JSON schemas of its --json outputs', () => {
    const schemas = filesUnder(join(cli.sourceDir, 'schemas'));
    expect(schemas.length).toBeGreaterThan(0);
    expect(filesUnder(join(cli.extractedDir, 'schemas'))).toEqual(schemas);
  });

  it('the example data models of `pum demo`, all of examples/', () => {
    const examples = filesUnder(join(workspaceRoot, 'examples'));
    expect(examples).toContain('plain-network/.pum.yaml');
    expect(filesUnder(join(cli.extractedDir, 'examples'))).toEqual(examples);
  });

  it('an executable bin', () => {
    const bin = join(cli.extractedDir, 'bin', 'pum.js');
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(statSync(bin).mode & 0o111, 'bin/pum.js is executable').not.toBe(0);
  });
});
