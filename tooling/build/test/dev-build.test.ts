/**
 * `pnpm pum`'s build: which packages are stale, and their build scripts run without type
 * declarations — in a scratch repository whose `tsup` is a shell script that records its
 * arguments (the real tsup runs on every `pnpm pum` in a fresh clone).
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildJavascript, javascriptOnly, newestMtime, stalePackages } from '../dev-build.js';

let root: string;

function write(path: string, text: string, seconds = 1_000_000): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  utimesSync(path, seconds, seconds);
  ageDirectories(root);
}

/** Directories count too (a deleted source file changes its directory): make them all old. */
function ageDirectories(dir: string): void {
  utimesSync(dir, 999_000, 999_000);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) ageDirectories(join(dir, entry.name));
  }
}

/** packages/<name> with src/index.ts written at `sourceTime` and dist/index.js at `builtTime`. */
function makePackage(name: string, sourceTime: number, builtTime: number | null, build = 'tsup'): string {
  const dir = join(root, 'packages', name);
  write(join(dir, 'package.json'), JSON.stringify({ name: `@x/${name}`, scripts: { build } }));
  write(join(dir, 'src', 'index.ts'), 'export {};\n', sourceTime);
  if (builtTime !== null) write(join(dir, 'dist', 'index.js'), '', builtTime);
  // A fake tsup: records its arguments; fails when the package is named "broken".
  const tsup = join(dir, 'node_modules', '.bin', 'tsup');
  write(
    tsup,
    `#!/bin/sh\nmkdir -p dist && echo "$@" > dist/args.txt && echo "$PUM_BUILD_RUN_ONLY" > dist/env.txt && : > dist/index.js\n${
      name === 'broken' ? 'echo "src/index.ts(1,1): error: broken" >&2; exit 1\n' : ''
    }`,
  );
  chmodSync(tsup, 0o755);
  return dir;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pum-dev-build-'));
  write(join(root, 'tooling', 'build', 'tsup.preset.js'), '');
  write(join(root, 'tooling', 'build', 'tsconfig.base.json'), '{}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('stalePackages', () => {
  it('lists a package never built and one whose source is newer than its build, not a current one', () => {
    makePackage('never', 1_000_000, null);
    makePackage('edited', 1_000_200, 1_000_100);
    makePackage('current', 1_000_000, 1_000_100);
    expect(stalePackages(root).map((pkg) => pkg.name)).toEqual(['@x/edited', '@x/never']);
  });

  it('counts the shared build preset and, for a package that copies them, the examples', () => {
    makePackage('plain', 1_000_000, 1_000_100);
    makePackage('cli', 1_000_000, 1_000_100, 'tsup && node scripts/copy-examples.mjs');
    expect(stalePackages(root)).toEqual([]);
    write(join(root, 'examples', 'model', 'changelogs', '1.0.0', 'a.sql'), '', 1_000_200);
    expect(stalePackages(root).map((pkg) => pkg.name)).toEqual(['@x/cli']);
    write(join(root, 'tooling', 'build', 'tsup.preset.js'), '', 1_000_300);
    expect(stalePackages(root).map((pkg) => pkg.name)).toEqual(['@x/cli', '@x/plain']);
  });

  it('counts a deleted source file (its directory changed)', () => {
    const dir = makePackage('a', 1_000_000, 1_000_100);
    write(join(dir, 'src', 'old.ts'), '');
    expect(stalePackages(root)).toEqual([]);
    rmSync(join(dir, 'src', 'old.ts'));
    expect(stalePackages(root).map((pkg) => pkg.name)).toEqual(['@x/a']);
  });

  it('ignores node_modules and dist when it looks for the newest input', () => {
    const dir = makePackage('a', 1_000_000, 1_000_100);
    write(join(dir, 'src', 'node_modules', 'x.js'), '', 1_000_500);
    expect(newestMtime(join(dir, 'src'))).toBe(1_000_000_000);
    expect(stalePackages(root)).toEqual([]);
  });
});

describe('buildJavascript', () => {
  it("runs each package's build script with tsup told to skip declarations", async () => {
    const a = makePackage('a', 1_000_000, null);
    const b = makePackage('b', 1_000_000, null, 'tsup && echo copied > dist/extra.txt');
    const failures = await buildJavascript(stalePackages(root), { jobs: 2 });
    expect(failures).toEqual([]);
    expect(readFileSync(join(a, 'dist', 'args.txt'), 'utf8')).toBe('--no-dts --no-clean --silent\n');
    // The preset's switch for declarations and tree-shaking.
    expect(readFileSync(join(a, 'dist', 'env.txt'), 'utf8')).toBe('1\n');
    expect(readFileSync(join(b, 'dist', 'extra.txt'), 'utf8')).toBe('copied\n');
    expect(stalePackages(root)).toEqual([]);
  });

  it("reports a failed build with the build's output, and still builds the others", async () => {
    makePackage('broken', 1_000_000, null);
    const ok = makePackage('ok', 1_000_000, null);
    const failures = await buildJavascript(stalePackages(root), { jobs: 1 });
    expect(failures).toEqual([{ name: '@x/broken', output: expect.stringContaining('error: broken') }]);
    expect(readFileSync(join(ok, 'dist', 'args.txt'), 'utf8')).toContain('--no-dts');
  });

  it('refuses a build script that does not start with tsup', () => {
    expect(javascriptOnly('tsup && node x.mjs')).toBe('tsup --no-dts --no-clean --silent && node x.mjs');
    expect(() => javascriptOnly('tsc -p .')).toThrow(/does not start with tsup: tsc -p \./);
  });
});
