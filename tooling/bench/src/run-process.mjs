// @ts-check
/** Run a program to its end, timing it from spawn to exit. */

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {object} ProcessResult
 * @property {number} wallMs spawn to exit
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Run `command` with `args`; rejects when it fails or exits non-zero.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<ProcessResult>}
 * @example
 * ```js
 * const { wallMs } = await runProcess('pg_dump', ['--schema-only', '-f', '/dev/null', url]);
 * ```
 */
export function runProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (code === 0) resolve({ wallMs, stdout, stderr });
      else reject(new Error(`${command} exited with ${signal ?? code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}
