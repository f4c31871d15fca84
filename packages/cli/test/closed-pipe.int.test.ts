/**
 * A reader that goes away (`pum snapshot db | head`, issue 13, item 13): pum ends quietly, as
 * Unix tools do — no EPIPE stack trace — and exits with the command's own code (it does not
 * stop halfway: the command finishes, its remaining output is dropped).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@pum/test-postgres';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/pum.js');
const db = useTestDatabase();

/**
 * Run `pum args` with stdout a pipe this side closes: after the first chunk when `afterFirstChunk`,
 * else before pum writes anything. Resolves with the exit code, what was read, and stderr.
 */
async function pumIntoClosedPipe(
  args: readonly string[],
  options: { afterFirstChunk: boolean },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; read: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  let read = '';
  if (options.afterFirstChunk) {
    child.stdout.setEncoding('utf8').once('data', (text: string) => {
      read = text;
      child.stdout.destroy();
    });
  } else {
    child.stdout.destroy();
  }
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, read, stderr };
}

function expectQuiet(result: { stderr: string }): void {
  expect(result.stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
}

beforeAll(async () => {
  // Enough catalog for a snapshot far bigger than a pipe's buffer (64 KiB).
  const client = await db.connect();
  await client.query(`DO $$ BEGIN
    FOR i IN 1..150 LOOP
      EXECUTE format('CREATE TABLE %I (id int PRIMARY KEY, name text NOT NULL, note text, created timestamptz DEFAULT now())', 'wide_' || i);
      EXECUTE format('CREATE INDEX %I ON %I (name)', 'wide_' || i || '_name', 'wide_' || i);
    END LOOP;
  END $$`);
});

describe('writing to a closed pipe', () => {
  it('pum snapshot db | head: a big output ends quietly, exit 0', async () => {
    const result = await pumIntoClosedPipe(['snapshot', db.url], { afterFirstChunk: true });
    expect(result.read.length).toBeGreaterThan(0);
    expectQuiet(result);
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
  });

  it('pum help check | head: exit 0, no stack trace', async () => {
    const result = await pumIntoClosedPipe(['help', 'check'], { afterFirstChunk: false });
    expectQuiet(result);
    expect(result.code, result.stderr).toBe(0);
  });

  it('pum check A B | head: the command keeps its own exit code (1: differences)', async () => {
    // The server's `postgres` database has none of the 150 tables: many differences.
    const other = db.url.replace(/\/[^/?]*(\?|$)/, '/postgres$1');
    const result = await pumIntoClosedPipe(['check', db.url, other], { afterFirstChunk: false });
    expectQuiet(result);
    expect(result.code, result.stderr).toBe(1);
  });

  it('pum info | head: pending deltas still exit 3', async () => {
    const dir = fileURLToPath(new URL('../../../examples/plain-network', import.meta.url));
    const result = await pumIntoClosedPipe(['info', '--db', db.url, '--dir', dir], {
      afterFirstChunk: false,
    });
    expectQuiet(result);
    expect(result.code, result.stderr).toBe(3);
  });
});
