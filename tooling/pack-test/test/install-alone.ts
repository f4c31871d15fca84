/**
 * `installAlone(name)`: a scratch project outside the workspace with the packed package, the
 * packed pum packages it depends on, and `pg` — nothing else of the workspace — and its README's
 * runnable example as `example.mjs`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { getTestServer } from '@pum/test-postgres';
import { expect, inject } from 'vitest';
import { describeRun, type ProcessResult } from '../src/processes.js';
import { importedPackages, installCommandPackages, runnableExample } from '../src/readme.js';
import { makeScratchProject, type ScratchProject } from '../src/scratch-project.js';
import { dependencyClosure, type PackedPackage, workspaceRoot } from '../src/workspace.js';

/** The `pg` the workspace tests with, installed beside every package. */
const pgVersion = (createRequire(import.meta.url)('pg/package.json') as { version: string }).version;

export interface AloneProject extends ScratchProject {
  packed: PackedPackage;
  /** The README's runnable example, as written to `example.mjs`. */
  example: string;
  /** `node example.mjs` with the user's environment plus `extra`, PostgreSQL's client programs first on PATH. */
  runExample(extra?: Record<string, string>): Promise<ProcessResult>;
  /** The user's environment plus `extra`, PostgreSQL's client programs first on PATH. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/**
 * The directory of `pg_dump`, `pg_restore` and `psql` fit for the test server, when this machine
 * has one — what a user would have on PATH.
 */
export const clientPrograms = getTestServer().binDir;

/** Pack-test's picture of `npm install <README's packages> pg` for the packed `name`, installed. */
export async function installAlone(name: string): Promise<AloneProject> {
  const { packages, projectsDir } = inject('pumPacks');
  const packed = packages.find((entry) => entry.name === name);
  if (!packed) throw new Error(`${name} was not packed: is it private?`);
  const source = `${relative(workspaceRoot, packed.sourceDir)}/README.md`;
  // The README that ships in the tarball, which npm shows.
  const readme = readFileSync(join(packed.extractedDir, 'README.md'), 'utf8');
  const example = runnableExample(readme, source);
  const installs = installCommandPackages(readme, source);
  const closure = dependencyClosure(packages, name);

  expect(installs, `${source}: its npm install command`).toContain(name);
  for (const imported of importedPackages(example)) {
    expect(
      installs,
      `${source}: the example imports ${imported}; the install command must install it`,
    ).toContain(imported);
  }
  for (const installed of installs.filter((entry) => entry.startsWith('@pum/'))) {
    expect(closure, `${source}: installs ${installed}, which ${name} does not depend on`).toContain(
      installed,
    );
  }
  const tarball = (dependency: string) => {
    const entry = packages.find((candidate) => candidate.name === dependency);
    if (!entry) throw new Error(`${dependency} is not a publishable package of the workspace`);
    return `file:${entry.tarball}`;
  };
  const fromRegistry = (dependency: string) => {
    if (dependency !== 'pg') {
      throw new Error(`${source}: installs ${dependency}; only pg may be installed beside pum`);
    }
    return pgVersion;
  };
  const dependencies = Object.fromEntries(
    [...new Set([...installs, 'pg'])].map((dependency) => [
      dependency,
      dependency.startsWith('@pum/') ? tarball(dependency) : fromRegistry(dependency),
    ]),
  );
  // Nothing is published: the pum packages it depends on come from their tarballs too.
  const overrides = Object.fromEntries(closure.map((dependency) => [dependency, tarball(dependency)]));

  const project = makeScratchProject({
    parentDir: projectsDir,
    name: name.replace('@pum/', 'try-pum-'),
    workspaceRoot,
    dependencies,
    overrides,
  });
  project.write('example.mjs', example);
  await project.install();

  const pum = project.installed().filter((entry) => entry.name.startsWith('@pum/'));
  expect(pum.map((entry) => entry.name).sort(), `the pum packages npm installed for ${name}`).toEqual(
    closure,
  );
  for (const entry of pum) {
    // One copy each, at the top, extracted from the tarball (not linked to the workspace).
    const version = packages.find((candidate) => candidate.name === entry.name)?.version;
    expect(entry).toMatchObject({ path: `node_modules/${entry.name}`, link: false, version });
    expect(entry.resolved).toMatch(/^file:.*\.tgz$/);
  }

  const prependPath = clientPrograms ? [clientPrograms] : [];
  const env = (extra: Record<string, string> = {}) => project.environment(extra, prependPath);
  return {
    ...project,
    packed,
    example,
    env,
    runExample: (extra) => project.node(['example.mjs'], env(extra)),
  };
}

/** Where Node resolves `specifier` from the project (through the package's `exports`): a file path. */
export async function resolveInProject(project: AloneProject, specifier: string): Promise<string> {
  const code = 'console.log(fileURLToPath(import.meta.resolve(process.argv[1])))';
  const run = await project.node(
    ['--input-type=module', '-e', `import { fileURLToPath } from 'node:url'; ${code}`, specifier],
    project.env(),
  );
  if (run.code !== 0) throw new Error(`cannot resolve ${specifier}:\n${describeRun(run)}`);
  return run.stdout.trim();
}

/**
 * Write a libpq service file with one `[name]` section per URL, as users of PUM keep them;
 * the variables that make libpq (and `@pum/connect`) read it.
 */
export function serviceFile(
  project: ScratchProject,
  services: Record<string, string>,
): Record<string, string> {
  const sections = Object.entries(services).map(([name, url]) => {
    const parsed = new URL(url);
    const lines = [
      `[${name}]`,
      `host=${decodeURIComponent(parsed.searchParams.get('host') ?? parsed.hostname)}`,
      `port=${parsed.port || '5432'}`,
      `dbname=${decodeURIComponent(parsed.pathname.slice(1))}`,
      `user=${decodeURIComponent(parsed.username)}`,
    ];
    if (parsed.password) lines.push(`password=${decodeURIComponent(parsed.password)}`);
    return lines.join('\n');
  });
  return { PGSERVICEFILE: project.write('pg_service.conf', `${sections.join('\n\n')}\n`) };
}
