/** End-to-end: spawn the built `pum` binary as a user would. */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'bin/pum.js');
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };

function pum(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return node(bin, ...args);
}

/** Run Node with `args` (no colours) and collect its output. */
function node(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('pum binary', () => {
  it('prints its version', async () => {
    const result = await pum('--version');
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await pum('-V')).stdout).toBe(`${version}\n`);
  });

  it('prints help with the exit-code table', async () => {
    const result = await pum('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pum');
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toContain('130 interrupted');
    expect((await pum('help')).stdout).toBe(result.stdout);
  });

  it('rejects an unknown option with one line and exit code 2', async () => {
    const result = await pum('--bogus');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown option '--bogus'");
    expect(result.stderr).toContain('pum --help');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown command with exit code 2', async () => {
    const result = await pum('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'|too many arguments/);
  });

  it('shows usage on stderr and exits 2 when run without arguments', async () => {
    const result = await pum();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: pum');
  });

  it("loads pg without pg's Cloudflare probe, which costs Node 20 its whole fetch implementation", async () => {
    // A preload that reports whether anything read the global `Response` (pg's probe constructs one).
    const dir = mkdtempSync(join(tmpdir(), 'pum-bin-'));
    try {
      const probe = join(dir, 'probe.mjs');
      writeFileSync(
        probe,
        `const R = globalThis.Response; let read = false;
Object.defineProperty(globalThis, 'Response', { configurable: true, get() { read = true; return R; } });
process.on('exit', () => process.stderr.write(\`Response read: \${read}\\n\`));\n`,
      );
      // Port 1: nothing listens; the command loads pg and fails to connect.
      mkdirSync(join(dir, 'delta'));
      const result = await node(
        '--import',
        probe,
        bin,
        'info',
        '--db',
        'postgresql://127.0.0.1:1/none',
        '-d',
        join(dir, 'delta'),
      );
      expect(result.stderr).toContain('cannot connect to postgresql://');
      expect(result.stderr).toContain('Response read: false');
      // Without the bin, plain `pg` on Node 20 (no `navigator`) does construct one: the probe sees it.
      const plain = await node('--import', probe, '--input-type=module', '-e', "await import('pg');");
      const nodeHasNavigator = Number(process.versions.node.split('.')[0]) >= 21;
      expect(plain.stderr).toContain(`Response read: ${!nodeHasNavigator}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
