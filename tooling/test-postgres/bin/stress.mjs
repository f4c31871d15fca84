#!/usr/bin/env node
// @ts-check
/**
 * `pnpm test:stress`: the tests of `pnpm test` while CPU burners keep every core busy, to show
 * the database suites hold on a loaded machine (no timing guesses, budgets wide enough):
 * `node tooling/test-postgres/bin/stress.mjs [turbo args…]`, e.g. `--filter=@pum/dump`.
 *
 * It starts `PUM_STRESS_BURNERS` busy-loop processes (default: one per CPU), runs
 * `run-tests.mjs` with the arguments, and stops the burners at the end whatever happens — a
 * burner also ends by itself when this process is gone (even after a SIGKILL). Prints the wall
 * time and the load average, and exits with the tests' exit code.
 */

import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBurners, stopBurners } from './cpu-burners.mjs';
import { runShown } from './run-tests.mjs';

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main() {
  const count = Number(process.env.PUM_STRESS_BURNERS) || availableParallelism();
  const burners = startBurners(count);
  const stop = () => stopBurners(burners);
  process.on('exit', stop);
  const started = Date.now();
  const pids = burners.map((burner) => burner.pid).join(', ');
  console.error(`[stress] ${count} CPU burners started (pids ${pids}); load average ${load()}`);
  try {
    const runTests = join(dirname(fileURLToPath(import.meta.url)), 'run-tests.mjs');
    const code = await runShown(process.execPath, [runTests, ...process.argv.slice(2)], process.env);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.error(
      `[stress] tests ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s with ${count} CPU burners; ` +
        `load average at the end ${load()}`,
    );
    return code;
  } finally {
    stop();
  }
}

process.exitCode = await main();
