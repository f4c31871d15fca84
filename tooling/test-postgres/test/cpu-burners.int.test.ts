/**
 * The CPU burners of `pnpm test:stress` keep the cores busy and never outlive the run: stopped
 * at its end, and gone by themselves when the process that started them is SIGKILLed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { skipUnless } from '../src/skips.js';

// Plain JavaScript, as `pnpm test:stress` runs it.
const burnersModule = fileURLToPath(new URL('../bin/cpu-burners.mjs', import.meta.url));
const { startBurners, stopBurners } = (await import(burnersModule)) as {
  startBurners(count: number): ChildProcess[];
  stopBurners(burners: ChildProcess[]): void;
};
const linux = process.platform === 'linux';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** User + system CPU ticks of `pid`, from /proc. */
const cpuTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
};

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('burn CPU until stopped', skipUnless(linux, 'reads /proc (Linux only)'), async () => {
  const burners = startBurners(2);
  try {
    const pids = burners.map((burner) => burner.pid as number);
    const before = pids.map(cpuTicks);
    await until(
      () => pids.every((pid, i) => cpuTicks(pid) > (before[i] as number) + 5),
      'both burners use CPU',
    );
  } finally {
    stopBurners(burners);
  }
  await until(
    () => burners.every((burner) => burner.exitCode !== null || burner.signalCode !== null),
    'stopped',
  );
  expect(burners.map((burner) => burner.signalCode)).toEqual(['SIGKILL', 'SIGKILL']);
});

it('end by themselves when the process that started them is SIGKILLed', async () => {
  const parent = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { startBurners } = await import(${JSON.stringify(burnersModule)});
       const burners = startBurners(2);
       process.stdout.write(burners.map((b) => b.pid).join(' ') + '\\n');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const pids = await new Promise<number[]>((resolve, reject) => {
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim().split(' ').map(Number));
    });
    parent.on('exit', (code) => reject(new Error(`the parent exited early (${code})`)));
  });
  expect(pids).toHaveLength(2);
  expect(pids.every(alive)).toBe(true);
  parent.kill('SIGKILL');
  await until(() => !pids.some(alive), 'the orphaned burners are gone');
});
