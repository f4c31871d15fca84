/**
 * `pum upgrade` over several databases (`--db` repeated, `--targets FILE`): each upgraded by the
 * same code as `pum upgrade --db X` alone — lock, history, guards — `--jobs` at a time, its
 * output prefixed or in a log file, then one summary and the worst exit code.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import { UpgradeFailedError, type UpgradePlan, type UpgradeReport } from '@pum/deltas';
import { runUpgrade, type UpgradeInput, upgradeInput } from '../actions/upgrade.js';
import { jobsOf } from '../commands/tool-options.js';
import type { UpgradeOptions } from '../commands/upgrade.js';
import { DEFAULT_UPGRADE_JOBS, type UpgradeManyOptions } from '../commands/upgrade-many-options.js';
import type { CommandContext } from '../context.js';
import { reportError } from '../error-boundary.js';
import { errorJson } from '../error-json.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, colorsFor } from '../io.js';
import { eachBounded } from './bounded.js';
import { writeManyJson } from './many-json.js';
import { readTargetIdentity, refuseSameDatabase, type TargetIdentity } from './same-database-guard.js';
import { summaryTable } from './summary-table.js';
import { logFileName, targetNames } from './target-names.js';
import { type FinishableOutput, logFile, prefixedLines } from './target-output.js';
import { statusText, type TargetResult } from './target-result.js';
import { readTargets, type UpgradeTarget } from './targets.js';
import { runExitCode } from './worst-exit-code.js';

/** The options of a run over several databases (`--db` is given apart, as a list). */
export type UpgradeManyRunOptions = Omit<UpgradeOptions, 'db'> & UpgradeManyOptions;

/** One database's run: where its output goes and what it is called. */
interface TargetRun {
  target: UpgradeTarget;
  name: string;
  identity: TargetIdentity;
  log: string | undefined;
}

/**
 * Upgrade `dbs` and the databases of `--targets`.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT`, before any database is changed: a bad
 *   `--jobs`, an unreadable targets file or a line of it that does not resolve (named
 *   `FILE:LINE`), the PUM 0.x `-p SERVICE` besides them, one database named twice, a bad module.
 */
export async function runUpgradeMany(
  options: UpgradeManyRunOptions,
  dbs: readonly string[],
  ctx: CommandContext,
): Promise<ExitCode> {
  const { io } = ctx;
  const quiet = ctx.globals().quiet === true || options.json === true;
  const jobs = jobsOf(options) ?? DEFAULT_UPGRADE_JOBS;
  if (ctx.globals().pgConnection === undefined && options.pgService !== undefined) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `-p ${options.pgService.join(' ')}: names one database; with several, give each with --db or in --targets`,
    );
  }
  // Several runs at once must never ask for a password together: a missing one is an error.
  const { stdin: _stdin, ...noPrompt } = io;
  const targets = readTargets(dbs, options.targets, noPrompt);
  // The module and the options are read once, for all databases.
  const input = upgradeInput(options, ctx);
  const logDir = options.logDir === undefined ? undefined : resolve(io.cwd, options.logDir);
  if (logDir !== undefined) mkdirSync(logDir, { recursive: true });

  const identities = await eachBounded(targets, jobs, (target) => readTargetIdentity(target, noPrompt));
  refuseSameDatabase(targets, identities as TargetIdentity[]);

  // A code delta may read process.env, which names the database being upgraded: one at a time.
  const codeDeltas = input.module.files.some((file) => file.language === 'js');
  const at = codeDeltas ? 1 : jobs;
  if (codeDeltas && jobs > 1 && !quiet)
    io.stderr.write(
      'note: the module has code deltas, which see the process environment: one database at a time\n',
    );

  const names = targetNames(targets);
  const usedLogs = new Set<string>();
  const runs: TargetRun[] = targets.map((target, i) => {
    let log: string | undefined;
    if (logDir !== undefined) {
      const file = logFileName(names[i] as string);
      log = join(logDir, usedLogs.has(file) ? `${i + 1}-${file}` : file);
      usedLogs.add(file);
    }
    return { target, name: names[i] as string, identity: identities[i] as TargetIdentity, log };
  });
  let failed = false;
  const mayStart = () => !(options.failFast && failed) && io.signal?.aborted !== true;
  const out = colorsFor(io.stdout, io.env);
  const finished = await eachBounded(
    runs,
    at,
    async (run) => {
      const result = await upgradeOne(run, options, input, ctx, noPrompt);
      if (result.exitCode !== ExitCode.Ok) failed = true;
      if (run.log !== undefined && !quiet) {
        const mark = result.exitCode === ExitCode.Ok ? out.green('✓') : out.red('✗');
        io.stdout.write(`${mark} ${run.name}: ${statusText(result)} (log: ${run.log})\n`);
      }
      return result;
    },
    mayStart,
  );
  const results = runs.map((run, i) => finished[i] ?? notStarted(run));
  const worst = runExitCode(
    results.map((r) => r.exitCode),
    results.some((r) => r.applied > 0),
  );
  if (options.json) writeManyJson(io, results, worst);
  else if (!quiet) io.stdout.write(`\n${summaryTable(results, out)}`);
  return worst;
}

function notStarted(run: TargetRun): TargetResult {
  return {
    target: run.target,
    name: run.name,
    exitCode: ExitCode.Ok,
    started: false,
    fromVersion: undefined,
    toVersion: undefined,
    applied: 0,
    otherRun: false,
    dryRun: false,
    wouldRun: undefined,
    durationMs: 0,
    log: run.log,
    json: null,
  };
}

/** The outputs of one database: its log file, or its lines prefixed; stdout captured for `--json`. */
function targetIo(
  run: TargetRun,
  io: CliIo,
  json: boolean,
): { io: CliIo; outputs: FinishableOutput[]; captured: () => string } {
  const prefix = `[${run.name}] `;
  const stderr = run.log !== undefined ? logFile(run.log) : prefixedLines(io.stderr, prefix);
  let text = '';
  const capture: FinishableOutput = {
    isTTY: false,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    finish: () => {},
  };
  const stdout = json ? capture : run.log !== undefined ? stderr : prefixedLines(io.stdout, prefix);
  return {
    io: { stdout, stderr, env: io.env, cwd: io.cwd, ...(io.signal ? { signal: io.signal } : {}) },
    outputs: stdout === stderr ? [stderr] : [stdout, stderr],
    captured: () => text,
  };
}

/** Upgrade one database as `pum upgrade --db` would, into its own outputs; never throws. */
async function upgradeOne(
  run: TargetRun,
  options: UpgradeManyRunOptions,
  input: UpgradeInput,
  ctx: CommandContext,
  noPrompt: CliIo,
): Promise<TargetResult> {
  const json = options.json === true;
  const child = targetIo(run, noPrompt, json);
  const childCtx: CommandContext = { io: child.io, globals: ctx.globals, setExitCode: () => {} };
  const started = Date.now();
  let report: UpgradeReport | undefined;
  let plan: UpgradePlan | undefined;
  let exitCode: ExitCode;
  let jsonDoc: unknown = null;
  try {
    if ('error' in run.identity) throw run.identity.error;
    exitCode = await runUpgrade({ ...options, db: run.target.input }, childCtx, {
      input,
      onReport: (r) => {
        report = r;
      },
      onPlan: (p) => {
        plan = p;
      },
    });
  } catch (error) {
    exitCode = reportError(error, child.io);
    if (error instanceof UpgradeFailedError) report = error.report;
    if (json) jsonDoc = errorJson('upgrade', error, exitCode);
  } finally {
    for (const output of child.outputs) output.finish();
  }
  if (json && jsonDoc === null && child.captured().trim() !== '') jsonDoc = JSON.parse(child.captured());
  // A dry run tells what would run: the versions it would reach, the files it would run.
  const files = report?.applied.map((f) => f.version) ?? plan?.toRun.map((f) => f.version?.text) ?? [];
  const versions = files.filter((v) => v !== undefined);
  const fromVersion = report?.plan.currentVersion ?? plan?.currentVersion;
  return {
    target: run.target,
    name: run.name,
    exitCode,
    started: true,
    fromVersion,
    toVersion: versions.at(-1) ?? fromVersion,
    applied: report?.applied.length ?? 0,
    otherRun: report?.otherRun !== undefined,
    dryRun: options.dryRun === true,
    wouldRun: plan?.toRun.length,
    durationMs: Date.now() - started,
    log: run.log,
    json: jsonDoc,
  };
}
