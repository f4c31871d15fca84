// @ts-check
/** Run a program to its end, timing it from spawn to exit, and measuring its peak RSS and CPU time if asked. */

import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * @typedef {object} ProcessResult
 * @property {number} wallMs spawn to exit
 * @property {number} exitCode
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * @typedef {object} RunProcessOptions
 * @property {NodeJS.ProcessEnv} [env] Default: this process's environment.
 * @property {readonly number[]} [exitCodes] Exit codes that count as success. Default `[0]`.
 */

/**
 * Run `command` with `args`; rejects when it cannot start or exits with a code not in `exitCodes`.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunProcessOptions} [options]
 * @returns {Promise<ProcessResult>}
 * @example
 * ```js
 * const { wallMs } = await runProcess('pg_dump', ['--schema-only', '-f', '/dev/null', url]);
 * ```
 */
export function runProcess(command, args, options = {}) {
  const exitCodes = options.exitCodes ?? [0];
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
      if (code !== null && exitCodes.includes(code)) resolve({ wallMs, exitCode: code, stdout, stderr });
      else reject(new Error(`${command} exited with ${signal ?? code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}

/** GNU time, which reports a child's peak RSS (`%M`, KiB) and CPU time (`%U`, `%S`, s) from `wait4()`. */
const gnuTime = '/usr/bin/time';

/**
 * Whether GNU time is at `/usr/bin/time` (BSD's, on macOS, has no `-f`).
 * @returns {Promise<boolean>}
 */
export async function hasGnuTime() {
  try {
    const { stdout, stderr } = await runProcess(gnuTime, ['--version']);
    return /GNU/.test(stdout + stderr);
  } catch {
    return false;
  }
}

/**
 * Run `command` like {@link runProcess}, under GNU time, and add its peak RSS and CPU time
 * (user + system) as the kernel accounted them. The wall time is still spawn to exit (GNU time
 * adds about a millisecond).
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunProcessOptions} [options]
 * @returns {Promise<ProcessResult & { maxRssKb: number; cpuMs: number }>}
 */
export async function runProcessWithUsage(command, args, options = {}) {
  const usageFile = join(
    tmpdir(),
    `pum-bench-usage-${process.pid}-${Math.random().toString(36).slice(2)}.txt`,
  );
  try {
    const result = await runProcess(gnuTime, ['-f', '%M %U %S', '-o', usageFile, command, ...args], options);
    // On a non-zero exit, GNU time writes "Command exited with non-zero status N" first.
    const last = (await readFile(usageFile, 'utf8')).trim().split('\n').at(-1) ?? '';
    const [maxRssKb, user, system] = last.split(' ').map(Number);
    if (
      maxRssKb === undefined ||
      user === undefined ||
      system === undefined ||
      Number.isNaN(maxRssKb + user + system)
    )
      throw new Error(`${gnuTime} wrote no usage: ${last}`);
    return { ...result, maxRssKb, cpuMs: (user + system) * 1000 };
  } finally {
    await rm(usageFile, { force: true });
  }
}

/**
 * This process's environment without `PG*`, so that children get their connection from the
 * URL they are given alone, never from the caller's settings.
 * @returns {NodeJS.ProcessEnv}
 */
export function envWithoutPg() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));
}
