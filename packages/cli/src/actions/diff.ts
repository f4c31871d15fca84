/** `pum diff`: load both sides, plan, print or write the delta, optionally prove it. */
import { PumError, PumErrorCode } from '@pum/core';
import { formatPlanSql, type MigrationPlan, planMigration } from '@pum/diff';
import type { DiffCommandOptions } from '../commands/diff.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { JSON_FORMAT_VERSION } from '../json-output.js';
import type { DiffJson } from '../json-schemas.js';
import { writeOutput } from '../output.js';
import { type LoadedSide, loadSide, twoSides } from '../snapshot-source.js';
import { deltaTargetOf, writeDelta } from './diff-delta-file.js';
import { type Verification, verifyPlan } from './verify-plan.js';

/** The exit code a plan (and its proof) earn. */
export function planExitCode(plan: MigrationPlan, verification: Verification | undefined): ExitCode {
  if (!plan.complete || verification?.verified === false) return ExitCode.PlanIncomplete;
  return plan.steps.length === 0 ? ExitCode.Ok : ExitCode.Differences;
}

/** Run `pum diff`. */
export async function runDiff(
  positionals: string[],
  options: DiffCommandOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const { io } = ctx;
  const [fromArg, toArg] = twoSides('diff', positionals, { first: ctx.globals().pgConnection });
  // Every option is checked before any connection is made.
  const target = deltaTargetOf(options, ctx.globals().dir, io.cwd);
  if (options.scratch !== undefined && !options.verify) {
    throw new PumError(PumErrorCode.InvalidArgument, '--scratch is used by --verify only', {
      hint: 'add --verify, or leave --scratch out',
    });
  }
  const introspectOptions = { includeSchemas: options.includeSchema, excludeSchemas: options.excludeSchema };
  const sides = await Promise.allSettled([
    loadSide(fromArg, io, introspectOptions),
    loadSide(toArg, io, introspectOptions),
  ]);
  const [from, to] = sides.map((side) => {
    if (side.status === 'rejected') throw side.reason;
    return side.value;
  }) as [LoadedSide, LoadedSide];

  const plan = planMigration(from.snapshot, to.snapshot, {
    allowDestructive: options.allowDestructive ?? false,
    online: options.online ?? false,
    includeSchemas: options.includeSchema,
    excludeSchemas: options.excludeSchema,
    ignoreOwners: options.ignoreOwners ?? false,
    ignorePrivileges: options.ignorePrivileges ?? false,
    ignoreComments: options.ignoreComments ?? false,
  });
  const sql = formatPlanSql(plan, { title: `pum diff: from ${from.label} to ${to.label}` });
  const files = target !== undefined && plan.steps.length > 0 ? await writeDelta(target, sql) : [];
  const verification = options.verify
    ? await verifyPlan(from.snapshot, to.snapshot, plan, options, ctx)
    : undefined;

  if (options.json) {
    const json: DiffJson = {
      command: 'diff',
      formatVersion: JSON_FORMAT_VERSION,
      from: from.label,
      to: to.label,
      complete: plan.complete,
      steps: plan.steps,
      withheld: plan.withheld,
      unsupported: plan.unsupported,
      files,
      ...(verification ? { verification } : {}),
    };
    await writeOutput(`${JSON.stringify(json, null, 2)}\n`, options.output, io);
  } else if (target === undefined) {
    const text = sql.noTransaction === null ? sql.main : `${sql.main}\n${sql.noTransaction}`;
    await writeOutput(text, options.output, io);
  }
  if (!options.json) report(plan, files, verification, ctx);
  return planExitCode(plan, verification);
}

/** The summary on stderr: files written, why the plan does not reach TO (a line per step), the proof. */
function report(
  plan: MigrationPlan,
  files: readonly string[],
  verification: Verification | undefined,
  ctx: CommandContext,
) {
  const { io } = ctx;
  if (ctx.globals().quiet) return;
  const say = (line: string) => io.stderr.write(`${line}\n`);
  if (plan.steps.length === 0 && plan.complete) say('no differences: nothing to plan');
  for (const file of files) say(`wrote ${file}`);
  if (plan.withheld.length > 0) {
    const destructive = plan.withheld.filter((s) => s.withheld === 'destructive').length;
    const never = plan.withheld.length - destructive;
    if (destructive > 0)
      say(`${destructive} destructive step(s) withheld: plan again with --allow-destructive to include them`);
    if (never > 0) say(`${never} step(s) pum never runs (dropping PostGIS) left out`);
  }
  for (const s of plan.withheld)
    say(`${s.withheld === 'never' ? 'never run' : 'withheld'}: ${s.object}: ${oneLine(s.sql)}`);
  for (const u of plan.unsupported) say(`not planned: ${u.object}: ${u.message}`);
  for (const s of plan.steps.filter((step) => step.hazards.includes('manual')))
    say(`manual: ${s.object}: ${oneLine(s.sql.replace(/^--\s*/, ''))}`);
  if (verification !== undefined) {
    say(
      verification.verified
        ? `verified on ${verification.server}: after the plan, the copy of FROM equals TO`
        : `NOT verified on ${verification.server}: ${verification.problem}`,
    );
    for (const line of verification.differences) say(`  ${line}`);
  }
}

/** A statement on one line of the summary. */
function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
