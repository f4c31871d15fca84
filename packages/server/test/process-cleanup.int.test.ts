/** A throwaway server does not outlive its process: exit handlers, signals, and the reaper. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { answers } from './helpers.js';

// The child must run plain JavaScript, so this uses the build (`pnpm test` builds first). A
// missing build is an error, not a reason to skip.
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) throw new Error(`${dist} is missing: build @pum/server first (pnpm build)`);

const child = `
const { startServer } = await import(process.argv[1]);
const exitCleanup = process.argv[2];
const server = await startServer({ path: process.env.PATH, env: process.env, exitCleanup });
process.stdout.write(JSON.stringify({ url: server.url, dataDir: server.dataDir }) + '\\n');
process.stdin.on('data', () => process.exit(0));
setInterval(() => {}, 1000);
`;

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe('a throwaway server does not outlive its process', () => {
  test.each([
    ['exit-and-signals', 'SIGTERM'],
    ['exit', 'SIGKILL'],
    ['exit', 'exit'],
  ] as const)('cleanup on %s, process ends by %s', async (exitCleanup, how) => {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', child, dist, exitCleanup], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      proc.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const { url, dataDir } = JSON.parse(line) as { url: string; dataDir: string };
    expect(await answers(url)).toBe(true);

    if (how === 'exit') proc.stdin.write('exit\n');
    else proc.kill(how);
    // exit and SIGTERM: the handlers stop it at once; SIGKILL: the reaper, within a second or so.
    expect(await eventually(async () => !(await answers(url)) && !existsSync(dataDir), 10_000)).toBe(true);
  });
});
