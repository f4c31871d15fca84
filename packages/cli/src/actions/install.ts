/** `pum install`. */
import { PumError, PumErrorCode } from '@pum/core';
import { installModule, type Pum1Module } from '@pum/deltas';
import type { InstallCommandOptions } from '../commands/install.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import { applicationSelection, deltaConnection, loadModule, runOptions } from '../delta-context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { InstallJson } from '../json-schemas.js';
import { otherRunJson, otherRunMessage } from '../other-run.js';
import { cliParameters, placeholdersFor } from '../parameters.js';
import { fileDoneLine, runProgress } from '../run-progress.js';
import { warningsSuffix, writeRunWarnings } from '../run-warnings.js';
import { withTargetEnvironment } from '../target-environment.js';

/** Run `pum install`. */
export async function runInstall(options: InstallCommandOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const global = ctx.globals();
  // PUM 1.x: `pum -d DIR install -d DEMO` — after a global module directory, -d names demo data.
  const pum1Demo = global.dir !== undefined && options.dir.length === 1 ? options.dir[0] : undefined;
  const moduleOptions = pum1Demo === undefined ? options : { ...options, dir: [] };
  const module = loadModule(moduleOptions, ctx, options.strict === true);
  if (module.layout !== 'pum1') {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      'install needs a PUM 1.x module (a directory with .pum.yaml)',
      {
        hint: 'for PUM 0.x delta directories, use pum upgrade (and pum baseline for an existing database)',
      },
    );
  }
  const parameters = cliParameters({
    param: options.param,
    ...(global.pgConnection !== undefined && options.pgService ? { pum1: options.pgService } : {}),
  });
  const placeholders = placeholdersFor(module, parameters);
  const { client, label, resolved } = await openConnection(deltaConnection(options, ctx), io);
  const c = colorsFor(io.stdout, io.env);
  try {
    const demoData = options.demoData ?? pum1Demo;
    // An install is one transaction: a file is not done until it commits, so its ✓ line comes
    // after the run; meanwhile a live line on a terminal, and with -v a line per file on stderr.
    const progress = runProgress(io, {
      quiet: global.quiet === true || options.json === true,
      verb: 'installing',
      fileLines: (global.verbose ?? 0) >= 1 ? 'stderr' : 'none',
      verbose: global.verbose,
    });
    const report = await withTargetEnvironment(resolved, () =>
      installModule(
        client,
        module as Pum1Module,
        progress.apply({
          ...runOptions(options, ctx, resolved, placeholders),
          ...applicationSelection(options),
          ...(demoData ? { demoData } : {}),
          ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
          refuseNewHistory: options.newHistory !== true,
          strict: options.strict === true,
          roles: options.skipRoles !== true,
          grants: options.skipRoles !== true && options.skipGrant !== true,
        }),
      ),
    ).finally(() => progress.stop());
    if (options.json) {
      writeJson(io, {
        command: 'install',
        formatVersion: JSON_FORMAT_VERSION,
        module: report.module,
        table: report.table,
        applied: report.applied,
        warnings: report.warnings,
        ...(report.otherRun ? { otherRun: otherRunJson(report.otherRun) } : {}),
        durationMs: report.durationMs,
      } satisfies InstallJson);
    } else if (report.otherRun) {
      if (!global.quiet) io.stdout.write(`${otherRunMessage(report.otherRun, 'install', module.name)}\n`);
    } else {
      if (!global.quiet) {
        for (const file of report.applied) io.stdout.write(fileDoneLine(c, file.path, file.ms));
        const versions = report.applied.map((f) => f.version).filter(Boolean);
        io.stdout.write(
          `installed ${module.name} into ${label}${versions.length ? ` at ${versions[versions.length - 1]}` : ''}${warningsSuffix(report.warnings)}\n`,
        );
      }
      writeRunWarnings(io, report.warnings);
    }
    return ExitCode.Ok;
  } finally {
    await client.end().catch(() => {});
  }
}
