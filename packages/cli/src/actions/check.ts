/** `pum check`: resolve both sides, introspect them concurrently, diff, write the report. */
import { PumError, PumErrorCode } from '@pum/core';
import { type DiffReport, diffSnapshots, isEmptyDiff, settleExpressionsOn } from '@pum/diff';
import { type CheckOptions, DEFAULT_CHECK_JOBS } from '../commands/check.js';
import { jobsOf } from '../commands/tool-options.js';
import { diffOptionsOf, introspectOptionsOf } from '../compare.js';
import type { CommandContext } from '../context.js';
import { checkData } from '../data-check.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { writeOutput } from '../output.js';
import { type ReportFormat, renderReport, reportFormatOf } from '../report-format.js';
import { isSnapshotFile, type LoadedSide, loadSide, twoSides } from '../snapshot-source.js';

function dataLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `--data-limit ${text}: expected a whole number, 0 or more`,
    );
  }
  return limit;
}

/** Run `pum check`; returns 0 without differences, 1 with. */
export async function runCheck(
  positionals: string[],
  options: CheckOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const { io } = ctx;
  const [fromArg, toArg] = twoSides('check', positionals, {
    first: options.pg_service1 ?? ctx.globals().pgConnection,
    second: options.pg_service2,
  });
  const diffOptions = await diffOptionsOf(options, io.cwd);
  const limit = dataLimit(options.dataLimit);
  const sessions = jobsOf(options) ?? DEFAULT_CHECK_JOBS;
  const withData = options.data.length > 0;

  // Expressions printed differently are read again by a database compared (read-only): the
  // first one that is a connection, kept open for it.
  const settleOn = options.exactExpressions ? -1 : [fromArg, toArg].findIndex((arg) => !isSnapshotFile(arg));

  // The report compares objects only: the dependencies between them are not read.
  const introspectOptions = { ...introspectOptionsOf(options, io), dependencies: false };
  // Both sides are read concurrently, each over `sessions` connections on one snapshot of its
  // database; whatever happens, every connection opened is closed.
  const sides = await Promise.allSettled([
    loadSide(fromArg, io, introspectOptions, withData || settleOn === 0, sessions),
    loadSide(toArg, io, introspectOptions, withData || settleOn === 1, sessions),
  ]);
  try {
    const [from, to] = sides.map((side) => {
      if (side.status === 'rejected') throw side.reason;
      return side.value;
    }) as [LoadedSide, LoadedSide];
    const report = diffSnapshots(from.snapshot, to.snapshot, {
      ...diffOptions,
      fromLabel: from.label,
      toLabel: to.label,
    });
    const settling = settleOn === 0 ? from.client : settleOn === 1 ? to.client : undefined;
    if (settling && !isEmptyDiff(report))
      await settleExpressionsOn(settling, report, from.snapshot, to.snapshot);
    if (withData && from.client && to.client) {
      report.data = await checkData(
        options.data,
        { ...from, client: from.client },
        { ...to, client: to.client },
        // PUM_DATA_CHECK=stream: every table streamed whole, as before the fast path (benchmarks compare both).
        { limit, ...(ctx.io.env.PUM_DATA_CHECK === 'stream' ? { fastPath: false as const } : {}) },
      );
    }
    await writeReport(report, options, ctx);
    return isEmptyDiff(report) ? ExitCode.Ok : ExitCode.Differences;
  } finally {
    for (const side of sides) if (side.status === 'fulfilled') await side.value.client?.end().catch(() => {});
  }
}

/** Write the report in the chosen format to the output file or stdout. */
async function writeReport(report: DiffReport, options: CheckOptions, ctx: CommandContext): Promise<void> {
  const { io } = ctx;
  const output = options.output ?? options.output_file;
  // Without --format, a file's extension chooses (.json, .html); stdout gets text.
  const format = options.json
    ? 'json'
    : ((options.format as ReportFormat | undefined) ??
      (output && output !== '-' ? reportFormatOf(output) : 'text'));
  const level = options.detail ?? options.verbose_level;
  const text = renderReport(report, format, {
    ...(ctx.argv ? { argv: ctx.argv } : {}),
    colors: colorsFor(output ? { write: () => true } : io.stdout, io.env),
    detail: level === '0' ? 'summary' : level === '1' ? 'objects' : 'fields',
  });
  await writeOutput(text, output, io);
}
