/** Turning delta-command options into a module, a history table and a connection. */
import { isAbsolute, resolve } from 'node:path';
import { childEnvironment, type ResolvedConnection } from '@pum/connect';
import { PumError, PumErrorCode, parseQualifiedName } from '@pum/core';
import {
  type ApplyOptions,
  type DeltaModule,
  isPum1Module,
  loadPum0Module,
  loadPum1Module,
  type Placeholders,
  type Pum1Module,
  type Pum1RunSelection,
  pum1RunFiles,
  RunWarningCode,
  strictWarningsError,
  type TableName,
} from '@pum/deltas';
import { type ApplicationOptions, pum1OnlyFlags } from './commands/application-options.js';
import type { DeltaCommandOptions } from './commands/delta-options.js';
import type { CommandContext } from './context.js';
import { colorsFor } from './io.js';
import { cliLogger } from './logger.js';
import { cliVersion } from './version.js';

/** The connection a delta command uses. */
export function deltaConnection(options: DeltaCommandOptions, ctx: CommandContext): string | undefined {
  const global = ctx.globals().pgConnection;
  // After a global -p (PUM 1.x), a command's -p holds parameters; else it is the 0.x service.
  const service = global === undefined && options.pgService?.length === 1 ? options.pgService[0] : undefined;
  if (global === undefined && options.pgService && options.pgService.length > 1) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `-p takes one service here, got ${options.pgService.join(' ')}`,
      {
        hint: 'PUM 1.x parameters (-p NAME VALUE) follow a global connection: pum -p CONN upgrade -p NAME VALUE; or use --param NAME=VALUE',
      },
    );
  }
  return options.db ?? service ?? global;
}

/** The history table asked for. */
export function historyTable(options: DeltaCommandOptions): TableName | undefined {
  if (options.table === undefined) return undefined;
  const { schema, name } = parseQualifiedName(options.table);
  return { schema: schema ?? 'public', name };
}

/**
 * Load the module of the delta directories. Files skipped because they cannot be deltas are
 * listed once as a warning; with `strict` (a `--strict` run), they are an error instead.
 *
 * @throws {@link PumError} `PUM_STRICT_WARNINGS` (exit 2, before connecting) naming them, when `strict`.
 */
export function loadModule(options: DeltaCommandOptions, ctx: CommandContext, strict = false): DeltaModule {
  const given = options.dir.length > 0 ? options.dir : ctx.globals().dir ? [ctx.globals().dir as string] : [];
  const dirs = given.map((dir) => (isAbsolute(dir) ? dir : resolve(ctx.io.cwd, dir)));
  if (dirs.length === 0) {
    throw new PumError(PumErrorCode.InvalidArgument, 'no delta directory given', {
      hint: 'pass --dir DIR (PUM: -d DIR)',
    });
  }
  const pum1 = dirs.filter((dir) => isPum1Module(dir));
  if (pum1.length > 0) {
    if (dirs.length > 1) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        `${pum1[0]} is a PUM 1.x module (.pum.yaml): give it alone with --dir`,
      );
    }
    return loadPum1Module(dirs[0] as string, { ignore: options.ignore });
  }
  const module = loadPum0Module(dirs, { root: ctx.io.cwd, ignore: options.ignore });
  if (strict) refuseIgnoredFiles(module);
  warnIgnoredFiles(module, ctx);
  return module;
}

/** A strict run refuses the files skipped because they cannot be deltas: it would skip them silently in CI. */
function refuseIgnoredFiles(module: DeltaModule): void {
  const ignored = module.ignored ?? [];
  if (ignored.length === 0) return;
  const warnings = ignored.map(({ path, reason }) => ({
    code: RunWarningCode.NotADelta,
    message: `skipped, it cannot be a delta (${reason})`,
    path,
  }));
  throw strictWarningsError(
    warnings,
    'skip them on purpose with --ignore GLOB (e.g. --ignore README.txt), or run without --strict to accept them as warnings',
  );
}

/**
 * List, once, the files of the delta directories that were skipped because they cannot be deltas
 * (READMEs, dumps, notes, helper modules): on stderr, unless --quiet.
 */
function warnIgnoredFiles(module: DeltaModule, ctx: CommandContext): void {
  const ignored = module.ignored ?? [];
  if (ignored.length === 0 || ctx.globals().quiet === true) return;
  const c = colorsFor(ctx.io.stderr, ctx.io.env);
  const lines = ignored.map(({ path, reason }) => `\n  ${path} (${reason})`).join('');
  ctx.io.stderr.write(
    `${c.yellow('warning')} skipped ${ignored.length} ${ignored.length === 1 ? 'file' : 'files'} that cannot be deltas (--ignore GLOB skips them without this warning):${lines}\n`,
  );
}

/** The lock timeout in milliseconds. */
export function lockTimeoutMs(options: DeltaCommandOptions): number {
  const seconds = Number(options.lockTimeout);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `--lock-timeout ${options.lockTimeout}: expected seconds, 0 or more`,
    );
  }
  return seconds * 1000;
}

/** The Python of Python hooks and deltas: `--python`, else `PUM_PYTHON`; none lets the runner look. */
function pythonOption(options: DeltaCommandOptions, ctx: CommandContext): { python?: string } {
  const python = options.python ?? (ctx.io.env.PUM_PYTHON || undefined);
  return python !== undefined ? { python } : {};
}

/**
 * What `upgrade` and `install` give the runner besides the module: the history table, the lock
 * timeout, placeholders, the environment of command hooks and Python files (the caller's, with the
 * connection in `PG*` variables), the Python (`--python`, `PUM_PYTHON`), a logger on stderr and the tool version.
 */
export function runOptions(
  options: DeltaCommandOptions,
  ctx: CommandContext,
  connection: ResolvedConnection,
  placeholders: Placeholders | undefined,
): ApplyOptions {
  const table = historyTable(options);
  const global = ctx.globals();
  return {
    ...(table ? { table } : {}),
    ...(placeholders ? { placeholders } : {}),
    lockTimeoutMs: lockTimeoutMs(options),
    commandEnvironment: childEnvironment(connection, ctx.io.env),
    ...pythonOption(options, ctx),
    logger: cliLogger(ctx.io, {
      quiet: global.quiet === true || options.json === true,
      verbose: global.verbose,
    }),
    toolVersion: `pum ${cliVersion}`,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  };
}

/**
 * The parts of a PUM 1.x module a run includes, and its beta testing flag, from the application
 * options. Roles and grants run unless `--skip-grant` (install narrows this with `--skip-roles`).
 */
export function applicationSelection(
  options: ApplicationOptions,
): Pum1RunSelection & Pick<ApplyOptions, 'betaTesting'> {
  return {
    skipDropApp: options.skipDropApp === true,
    skipCreateApp: options.skipCreateApp === true,
    roles: options.skipGrant !== true,
    grants: options.skipGrant !== true,
    betaTesting: options.betaTesting === true,
  };
}

/**
 * Refuse PUM 1.x-only options for a PUM 0.x module: they would silently change nothing.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` naming the options.
 */
export function refusePum1Only(module: DeltaModule, options: ApplicationOptions): void {
  const flags = pum1OnlyFlags(options);
  if (module.layout !== 'pum1' && flags.length > 0) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `${flags.join(', ')}: only for PUM 1.x modules (a directory with .pum.yaml)`,
      { hint: 'PUM 0.x delta directories have no application hooks or roles: leave the option out' },
    );
  }
}

/**
 * The module as a run of it runs: a PUM 1.x module with the parts the application options
 * select, in one transaction (as PUM 1.x); PUM 0.x directories as they are, one transaction per
 * file unless `--single-transaction`.
 */
export function runnableModule(
  loaded: DeltaModule,
  options: ApplicationOptions & { singleTransaction?: boolean | undefined },
): { module: DeltaModule; singleTransaction: boolean; betaTesting: boolean } {
  refusePum1Only(loaded, options);
  const selection = applicationSelection(options);
  const pum1 = loaded.layout === 'pum1';
  return {
    module: pum1 ? { ...loaded, files: pum1RunFiles(loaded as Pum1Module, selection) } : loaded,
    singleTransaction: options.singleTransaction === true || pum1,
    betaTesting: selection.betaTesting === true,
  };
}
