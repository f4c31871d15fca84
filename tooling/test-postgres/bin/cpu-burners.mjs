// @ts-check
/**
 * CPU burners for `pnpm test:stress`: busy-loop processes that keep cores busy until stopped —
 * or until the process that started them is gone, even after a SIGKILL (each burner checks
 * every ~50M iterations whether the process that started it still exists).
 */

import { spawn } from 'node:child_process';

// The parent's pid comes as an argument: read in the burner, it could already be init's.
const burnerSource = `
const parent = Number(process.argv[1]);
for (;;) {
  for (let i = 0; i < 5e7; i++);
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}`;

/**
 * Start `count` burners.
 * @param {number} count
 * @returns {import('node:child_process').ChildProcess[]}
 */
export function startBurners(count) {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', burnerSource, String(process.pid)], { stdio: 'ignore' }),
  );
}

/**
 * Stop the burners that still run (SIGKILL: they hold no resources).
 * @param {import('node:child_process').ChildProcess[]} burners
 */
export function stopBurners(burners) {
  for (const burner of burners) {
    if (burner.exitCode === null && burner.signalCode === null) burner.kill('SIGKILL');
  }
}
