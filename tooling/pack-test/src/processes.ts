/** Child processes of the pack test: a user's clean environment, and runs whose output is kept. */
import { spawn } from 'node:child_process';
import { delimiter, isAbsolute, relative } from 'node:path';

/** Whether `path` is `dir` or inside it. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

// What the workspace's runners (pnpm, turbo, vitest) and the test server's settings put into
// our environment, none of which a user's shell has. `npm_config_local_prefix` alone would make
// npm install into the workspace package that runs the test.
const RUNNER_VARIABLE =
  /^(npm_|pnpm_|turbo_|vitest|PG|PUM_|NODE_OPTIONS$|NODE_PATH$|NODE_ENV$|INIT_CWD$|FORCE_COLOR$)/i;
// npm settings a machine may need to reach its registry: kept.
const NETWORK_SETTING =
  /^npm_config_(registry|cache|userconfig|globalconfig|cafile|ca|proxy|https_proxy|noproxy|strict_ssl)$/i;

export interface UserEnvironmentOptions {
  /** PATH entries inside it (the workspace's `node_modules/.bin`) are removed. */
  workspaceRoot: string;
  /** Directories put first on PATH (e.g. PostgreSQL's client programs). */
  prependPath?: readonly string[];
  /** Variables of the scenario (`DATABASE_URL`, …). */
  extra?: Record<string, string>;
}

/**
 * The environment a user's shell would give a program: `base` without the variables of the
 * workspace's runners, without PATH entries inside the workspace, `NO_COLOR=1`, plus `extra`.
 */
export function userEnvironment(
  base: NodeJS.ProcessEnv,
  { workspaceRoot, prependPath = [], extra = {} }: UserEnvironmentOptions,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || (RUNNER_VARIABLE.test(name) && !NETWORK_SETTING.test(name))) continue;
    env[name] = value;
  }
  const pathName = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  const entries = (env[pathName] ?? '')
    .split(delimiter)
    .filter((dir) => dir && !isInside(workspaceRoot, dir));
  env[pathName] = [...prependPath, ...entries].join(delimiter);
  env.NO_COLOR = '1';
  return { ...env, ...extra };
}

/** The outcome of one child process. */
export interface ProcessResult {
  command: string;
  /** Exit code; `null` when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunProcessOptions {
  cwd: string;
  env: Record<string, string>;
  /** Killed (SIGKILL) after this long. Default 120 s. */
  timeoutMs?: number;
}

/** Run `file` with `args` and collect its output; never rejects for a non-zero exit. */
export function runProcess(
  file: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessResult> {
  const command = [file, ...args].join(' ');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command} in ${options.cwd}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ command, code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A run as a failure message shows it: the command, how it ended, and its output. */
export function describeRun(result: ProcessResult): string {
  const ending = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
  return [
    `$ ${result.command}  (${ending}, ${result.ms} ms)`,
    `--- stdout\n${result.stdout.trimEnd()}`,
    `--- stderr\n${result.stderr.trimEnd()}`,
  ].join('\n');
}

/** `result`, after checking that it exited with code 0; otherwise an error showing the run. */
export function succeeded(result: ProcessResult): ProcessResult {
  if (result.code !== 0) throw new Error(`failed:\n${describeRun(result)}`);
  return result;
}
