/**
 * A newcomer's `pum` from a clone: the README's global install command, run from the repository
 * with a clean HOME (npm's global directory in it), puts `pum` on PATH; `pum --version` prints
 * the package's real version; the "Next steps" that `pum demo` prints, and then the ones that
 * `pum local up` prints, work exactly as printed; the module's history rows record the version.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { describeRun, runProcess, userEnvironment } from '../src/processes.js';
import { readManifest, workspaceRoot } from '../src/workspace.js';
import { clientPrograms } from './install-alone.js';

const { projectsDir } = inject('pumPacks');
// 0755 all the way: as root, PostgreSQL runs as the postgres user and must reach the servers' files.
const home = mkdtempSync(join(projectsDir, 'clean-home-'));
chmodSync(home, 0o755);
const prefix = join(home, 'npm-global');
const data = join(home, 'data');
mkdirSync(prefix, { mode: 0o755 });
mkdirSync(data, { mode: 0o755 });
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A user's shell with a clean HOME whose npm global directory is on PATH. */
const env = userEnvironment(process.env, {
  workspaceRoot,
  prependPath: [join(prefix, 'bin'), ...(clientPrograms ? [clientPrograms] : [])],
  extra: { HOME: home, XDG_DATA_HOME: data, NPM_CONFIG_PREFIX: prefix },
});

/** A command line as a user types it, in their shell. */
function shell(line: string, cwd = home) {
  return runProcess('sh', ['-c', line], { cwd, env, timeoutMs: 240_000 });
}

/** The sh block after `<!-- marker -->` in the root README. */
function readmeCommand(marker: string): string {
  const readme = readFileSync(join(workspaceRoot, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${marker} -->\\s*\`\`\`sh\\n([^\\n]+)\\n\`\`\``).exec(readme);
  if (!block?.[1]) throw new Error(`README.md: no sh block after <!-- ${marker} -->`);
  return block[1];
}

/** The commands of a "Next steps:" list: `  <command>   <what it does>` lines. */
function nextSteps(stdout: string): string[] {
  const list = stdout.split('Next steps:\n')[1] ?? '';
  return list
    .split('\n')
    .filter((line) => line.startsWith('  pum '))
    .map((line) => line.trim().split(/\s{3,}/)[0] as string);
}

it("the README's global install puts pum on PATH, and the next steps it prints work as printed", async () => {
  const { version } = readManifest(join(workspaceRoot, 'packages', 'cli'));
  expect(version).toMatch(/^\d+\.\d+\.\d+/);
  expect(version).not.toBe('0.0.0');

  const install = await shell(readmeCommand('global-install-command'), workspaceRoot);
  expect(install.code, describeRun(install)).toBe(0);
  const printed = await shell('pum --version');
  expect(printed.code, describeRun(printed)).toBe(0);
  expect(printed.stdout).toBe(`${version}\n`);

  const demo = await shell('pum demo');
  expect(demo.code, describeRun(demo)).toBe(0);
  const steps = nextSteps(demo.stdout);
  expect(steps, demo.stdout).toEqual([expect.stringMatching(/^pum local up --dir \/\S+$/), 'pum help']);

  const help = await shell(steps[1] as string);
  expect(help.code, describeRun(help)).toBe(0);
  expect(help.stdout).toContain('Usage: pum');

  const up = await shell(steps[0] as string);
  try {
    expect(up.code, describeRun(up)).toBe(0);
    const url = /is up: (postgres\S+)/.exec(up.stdout)?.[1];
    expect(url, up.stdout).toBeDefined();
    // Its history rows record the pum that wrote them.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query<{ t: string }>(
        `select format('%I.%I', table_schema, table_name) as t from information_schema.columns
          where column_name = 'tool_version' and table_schema not in ('pg_catalog', 'information_schema')`,
      );
      expect(tables.rows).toHaveLength(1);
      const versions = await client.query<{ v: string }>(
        `select distinct tool_version as v from ${tables.rows[0]?.t}`,
      );
      expect(versions.rows).toEqual([{ v: `pum ${version}` }]);
    } finally {
      await client.end();
    }

    // `pum local status · pum local reset --name N · pum local down --name N`
    const upSteps = /^\s+(pum local status .*)$/m.exec(up.stdout)?.[1]?.split(' · ') ?? [];
    expect(upSteps, up.stdout).toEqual([
      'pum local status',
      expect.stringMatching(/^pum local reset --name \S+$/),
      expect.stringMatching(/^pum local down --name \S+$/),
    ]);
    for (const step of upSteps) {
      const result = await shell(step);
      expect(result.code, describeRun(result)).toBe(0);
    }
  } finally {
    const name = /local server "([^"]+)"/.exec(up.stdout)?.[1];
    if (name) await shell(`pum local down --name ${name}`);
  }
  const uninstall = await shell('npm uninstall --global @pum/cli');
  expect(uninstall.code, describeRun(uninstall)).toBe(0);
  expect((await shell('command -v pum')).code).not.toBe(0);
});
