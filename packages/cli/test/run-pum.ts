/** Spawn the built `pum` binary as a user would, and collect what it printed. */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/pum.js');

/** The outcome of one `pum` run. */
export interface PumRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `pum` with `args`, in `cwd`, with extra environment variables (no colours). */
export function pum(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<PumRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        cwd: options.cwd,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}
