/**
 * Warnings of a run: what it did not do as declared but what does not stop it (PUM 1.x's
 * grant on a schema that does not exist) — returned in the run's report, never printed, and
 * turned into an error by a strict run.
 */
import { PumError, PumErrorCode } from '@pum/core';

/** Stable codes of the warnings pum itself reports; code deltas may use codes of their own. */
export const RunWarningCode = {
  /** A `.pum.yaml` role's permission names a schema that does not exist: that grant was skipped. */
  GrantSchemaMissing: 'PUM_GRANT_SCHEMA_MISSING',
  /** A `.pum.yaml` dependency is importable but its version cannot be told: it was not checked. */
  DependencyUnchecked: 'PUM_DEPENDENCY_UNCHECKED',
  /**
   * PUM 1.x: a file added to a version that was applied without it is skipped (PUM's rule): it
   * never runs unless moved to a new version.
   */
  FileAddedToAppliedVersion: 'PUM_FILE_ADDED_TO_APPLIED_VERSION',
  /** A file of a delta directory that cannot be a delta (README, dump, helper module) was skipped. */
  NotADelta: 'PUM_NOT_A_DELTA',
  /** A code delta or hook reported a warning through `warn()` without a code. */
  CodeDelta: 'PUM_CODE_DELTA_WARNING',
} as const;

/** One warning of a run. */
export interface RunWarning {
  /** A stable code, e.g. {@link RunWarningCode.GrantSchemaMissing}. */
  code: string;
  /** One line saying what was not done and why. */
  message: string;
  /** The file it arose in (`.pum.yaml#grants`), when it arose in one. */
  path?: string;
  /** Structured facts, e.g. `{ role, schema, permission }` for a skipped grant. */
  details?: Record<string, unknown>;
}

/**
 * The error of a strict run that had warnings: every warning listed, in `details.warnings`;
 * `hint` replaces the default hint.
 *
 * @example
 * ```ts
 * if (strict && warnings.length > 0) throw strictWarningsError(warnings);
 * ```
 */
export function strictWarningsError(warnings: readonly RunWarning[], hint?: string): PumError {
  const lines = warnings.map((w) => `  ${w.path ? `${w.path}: ` : ''}${w.message}`);
  return new PumError(
    PumErrorCode.StrictWarnings,
    `${warnings.length} warning(s), an error in a strict run:\n${lines.join('\n')}`,
    {
      hint:
        hint ??
        'fix what they say (for a grant: create the schema, or remove it from .pum.yaml roles), or run without --strict to accept them as warnings',
      details: { warnings: warnings.map((w) => ({ ...w })) },
    },
  );
}
