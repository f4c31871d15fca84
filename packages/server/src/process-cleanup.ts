/**
 * A throwaway server must not outlive the process that started it. Two nets:
 * - in-process: on `exit` (and, when asked, on SIGINT/SIGTERM/SIGHUP), run every registered
 *   synchronous cleanup;
 * - out-of-process: a tiny detached "reaper" that stops the server once our process is gone,
 *   which also covers SIGKILL and crashes that skip `exit` handlers.
 */

import { spawn } from 'node:child_process';

type SyncCleanup = () => void;

/** Which events run a cleanup: process exit only, or also the usual stop signals. */
export type ExitCleanupOn = 'exit' | 'exit-and-signals';

const cleanups = new Map<SyncCleanup, ExitCleanupOn>();
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let exitInstalled = false;
let signalsInstalled = false;

function runAll(on: 'exit' | 'signal'): void {
  for (const [cleanup, when] of [...cleanups]) {
    if (on === 'signal' && when !== 'exit-and-signals') continue;
    cleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // best effort: the process is going away
    }
  }
}

function onExit(): void {
  runAll('exit');
}

function onSignal(signal: NodeJS.Signals): void {
  runAll('signal');
  // Alone, our listener would swallow the signal; then behave as if there was none.
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

/**
 * Run `cleanup` (synchronously) if the process exits — or, with `exit-and-signals`, is told
 * to stop — before the returned function is called. An application that handles SIGINT
 * itself (and stops the server on its own) asks for `exit` only.
 */
export function registerExitCleanup(cleanup: SyncCleanup, on: ExitCleanupOn): () => void {
  if (!exitInstalled) {
    exitInstalled = true;
    process.on('exit', onExit);
  }
  if (on === 'exit-and-signals' && !signalsInstalled) {
    signalsInstalled = true;
    for (const signal of signals) process.on(signal, onSignal);
  }
  cleanups.set(cleanup, on);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** What a reaper does once its parent is gone. */
export interface ReaperTask {
  /** Stop watching (nothing to do) when this path no longer exists. */
  watch: string;
  /** Program and arguments that stop the server. */
  command: readonly [string, ...string[]];
  uid?: number | undefined;
  gid?: number | undefined;
  cwd?: string | undefined;
  /** Directories to delete afterwards. */
  remove: readonly string[];
}

// Plain CommonJS for `node -e`; receives the parent pid and the task as JSON.
const reaperSource = `
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const parent = Number(process.argv[1]);
const task = JSON.parse(process.argv[2]);
const alive = () => { try { process.kill(parent, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  if (!fs.existsSync(task.watch)) process.exit(0);
  if (alive()) return;
  const [file, ...args] = task.command;
  const ids = task.uid === undefined ? {} : { uid: task.uid, gid: task.gid };
  try { execFileSync(file, args, { stdio: 'ignore', cwd: task.cwd, timeout: 30000, ...ids }); } catch {}
  for (const dir of task.remove) { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
  process.exit(0);
}, 500);
`;

/**
 * Start a detached reaper for `task`, with environment `env`; returns a function that ends
 * it (call it after a normal stop).
 */
export function startReaper(task: ReaperTask, env: Record<string, string>): () => void {
  const child = spawn(process.execPath, ['-e', reaperSource, String(process.pid), JSON.stringify(task)], {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
    env,
  });
  child.on('error', () => {
    // no reaper: the in-process cleanup still works
  });
  child.unref();
  return () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
}
