import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, test } from 'vitest';

// The child must run plain JavaScript, so this uses the build; `vitest run` after `tsup`.
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

const child = `
const { startPostgres } = await import(process.argv[1]);
const server = await startPostgres({ postgis: false });
const row = await (async () => {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const { rows } = await client.query("select current_setting('data_directory') as dir");
  await client.end();
  return rows[0];
})();
process.stdout.write(JSON.stringify({ url: server.url, dataDir: row.dir }) + '\\n');
setInterval(() => {}, 1000);
`;

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe.skipIf(!existsSync(dist))('a server does not outlive its process', () => {
  test.each(['SIGTERM', 'SIGKILL'] as const)('%s', async (signal) => {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', child, dist], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
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

    proc.kill(signal);
    // SIGTERM: the exit handler stops it at once; SIGKILL: the reaper, within a second or so.
    expect(await eventually(async () => !(await answers(url)) && !existsSync(dataDir), 10_000)).toBe(true);
  });
});
