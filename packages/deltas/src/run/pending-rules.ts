/**
 * Which versioned files an upgrade runs, by the rule of the module's layout — PUM 0.x's for
 * delta directories, PUM 1.x's for `.pum.yaml` modules — with versions compared as versions
 * (PUM compared version text, so `1.10.0` ranked below `1.9.0`).
 *
 * | layout | a file not recorded as applied runs when | otherwise |
 * |---|---|---|
 * | PUM 0.x directory | its version ≥ the current version (the highest applied or baseline version; so `delta_1.0.0_*` run after `baseline 1.0.0`) and ≤ `--max-version` | skipped |
 * | PUM 1.x module | its version > the installed version (the highest recorded) and ≤ `--max-version` | at or below the installed version: skipped when its version is recorded; when not, the upgrade refuses (`unrecorded`) unless `--skip-baseline-check` |
 */
import { compareVersions, PumError, PumErrorCode, type Version } from '@pum/core';
import type { UpgradePlan } from './plan.js';
import { type RunWarning, RunWarningCode } from './run-warning.js';

/** What the history says of a version. */
export type VersionRecord = 'none' | 'baseline' | 'files';

/** What a rule needs to know of one file that has no successful history row. */
export interface RuleInput {
  /** The file's version. */
  version: Version;
  /** The highest applied version, baselines included. */
  current: string | undefined;
  /** The highest baseline version. */
  baseline: string | undefined;
  /** `--max-version`, as given. */
  maxVersion: string | undefined;
  /** What the history holds of the file's version (any successful row of that version). */
  recorded: VersionRecord;
  /** PUM 1.x's `--skip-baseline-check`. */
  skipBaselineCheck: boolean;
  /** The file's last run failed (pum's history only): PUM 1.x's rule runs it again. */
  failed: boolean;
}

/**
 * A rule's verdict: the file runs, or why it does not. `addedLate`: PUM 1.x skips a file added to
 * a version applied without it — a run warns of it (see {@link addedLateWarnings}).
 */
export type RuleOutcome =
  | { runs: true }
  | { runs: false; status: 'skipped' | 'unrecorded'; reason: string; addedLate?: true };

function aboveMax(input: RuleInput): RuleOutcome | undefined {
  if (input.maxVersion === undefined || compareVersions(input.version, input.maxVersion) <= 0)
    return undefined;
  return { runs: false, status: 'skipped', reason: `above --max-version ${input.maxVersion}` };
}

/**
 * PUM 0.x: a file not applied runs when its version is at least the current version (PUM 0.x
 * applied deltas *equal* to the baseline version) and at most `--max-version`.
 *
 * @example
 * ```ts
 * pum0Rule({ version: parseVersion('1.0.0'), current: '1.0.0', baseline: '1.0.0', maxVersion: undefined, recorded: 'baseline', skipBaselineCheck: false, failed: false });
 * // { runs: true }
 * ```
 */
export function pum0Rule(input: RuleInput): RuleOutcome {
  const { current, baseline } = input;
  if (current !== undefined && compareVersions(input.version, current) < 0) {
    const reason =
      baseline !== undefined && compareVersions(baseline, current) === 0
        ? `below the baseline ${baseline}`
        : `older than the current version ${current}`;
    return { runs: false, status: 'skipped', reason };
  }
  return aboveMax(input) ?? { runs: true };
}

/**
 * PUM 1.x: versions up to `--max-version` are considered; one above the installed version runs;
 * one at or below it is done when its version is recorded (a version's files run once, together),
 * and is an inconsistent history when not — refused, as PUM 1.x refused it, unless
 * `skipBaselineCheck` (a database restored from a dump and baselined holds no row per version).
 */
export function pum1Rule(input: RuleInput): RuleOutcome {
  const max = aboveMax(input);
  if (max) return max;
  const installed = input.current;
  if (input.failed || installed === undefined || compareVersions(input.version, installed) > 0)
    return { runs: true };
  const v = input.version.text;
  if (input.recorded === 'baseline')
    return { runs: false, status: 'skipped', reason: `at the baseline ${v}` };
  if (input.recorded === 'files') {
    return {
      runs: false,
      status: 'skipped',
      reason: `version ${v} was applied without this file: PUM 1.x runs a version's files once`,
      addedLate: true,
    };
  }
  if (input.skipBaselineCheck) {
    return {
      runs: false,
      status: 'skipped',
      reason: `at or below the installed version ${installed} (--skip-baseline-check)`,
    };
  }
  return {
    runs: false,
    status: 'unrecorded',
    reason: `at or below the installed version ${installed}, but version ${v} was never recorded as applied`,
  };
}

/**
 * Refuse to run a plan holding `unrecorded` files (PUM 1.x's baseline check): the history says
 * the database is past versions it never recorded.
 *
 * @throws {@link PumError} `PUM_HISTORY_INCONSISTENT` naming the versions and files.
 */
export function refuseUnrecorded(plan: UpgradePlan): void {
  const unrecorded = plan.files.filter((f) => f.status === 'unrecorded');
  if (unrecorded.length === 0) return;
  const versions = [...new Set(unrecorded.map((f) => f.file.version?.text ?? ''))];
  throw new PumError(
    PumErrorCode.HistoryInconsistent,
    `${plan.module.name} is installed at ${plan.currentVersion}, but version(s) ${versions.join(', ')} below it were never recorded as applied:\n${unrecorded.map((f) => `  ${f.file.path}`).join('\n')}`,
    {
      hint: 'PUM 1.x refuses this too. For a database restored from a dump and baselined, upgrade with --skip-baseline-check; otherwise check the history with `pum info`',
      details: { versions, files: unrecorded.map((f) => f.file.path) },
    },
  );
}

/**
 * The warnings of a run whose plan skips files added to versions applied without them (PUM
 * 1.x's rule): the files never run unless moved to a new version. A strict run refuses them
 * before anything changes.
 *
 * @example
 * ```ts
 * for (const w of addedLateWarnings(plan)) console.warn(`${w.path}: ${w.message}`);
 * ```
 */
export function addedLateWarnings(plan: UpgradePlan): RunWarning[] {
  return plan.files
    .filter((f) => f.addedLate)
    .map(({ file }) => ({
      code: RunWarningCode.FileAddedToAppliedVersion,
      message: `not run: version ${file.version?.text} was applied without it, and PUM 1.x runs a version's files once; move it to a new version`,
      path: file.path,
      details: { version: file.version?.text },
    }));
}
