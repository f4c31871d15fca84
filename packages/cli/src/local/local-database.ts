/**
 * The module in a local server's database: installed or upgraded by running `pum install` /
 * `pum upgrade` themselves.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { capturingIo, runNested } from '../nested-run.js';
import type { LocalUpJson } from './local-json.js';
import type { LocalState } from './local-state.js';

/** The `--json` output of the `pum install` or `pum upgrade` run. */
export type ModuleRunJson = LocalUpJson['moduleRun'];

/**
 * Refuse what a PUM 0.x delta directory cannot do.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` for `--demo-data` with a PUM 0.x directory.
 */
export function checkModuleOptions(
  layout: LocalState['module']['layout'],
  demoData: string | undefined,
): void {
  if (layout === 'pum0' && demoData !== undefined) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      '--demo-data is for PUM 1.x modules (a directory with .pum.yaml)',
      {
        hint: 'a PUM 0.x delta directory has no demo data sets: leave --demo-data out',
      },
    );
  }
}

/** The `pum` command line that installs (`install`) or brings up to date (`upgrade`) the module. */
export function moduleCommand(state: LocalState, url: string, how: 'install' | 'upgrade'): string[] {
  const params = state.params.flatMap((param) => ['--param', param]);
  const dir = ['--dir', state.module.dir];
  // A PUM 0.x delta directory has no install: its first upgrade builds everything.
  if (how === 'install' && state.module.layout === 'pum1') {
    return [
      'install',
      '--db',
      url,
      ...dir,
      ...params,
      ...(state.demoData ? ['--demo-data', state.demoData] : []),
    ];
  }
  return ['upgrade', '--db', url, ...dir, ...params];
}

/**
 * Run the module command; with `json`, its JSON report is captured and returned instead of
 * printed.
 */
export async function runModuleCommand(
  argv: string[],
  ctx: CommandContext,
  options: { json: boolean; quiet: boolean },
): Promise<{ code: ExitCode; report?: ModuleRunJson }> {
  if (!options.json) return { code: await runNested(options.quiet ? ['-q', ...argv] : argv, ctx.io) };
  const capture = capturingIo(ctx.io);
  const code = await runNested([...argv, '--json'], capture.io);
  if (code !== ExitCode.Ok) return { code };
  return { code, report: JSON.parse(capture.captured()) as ModuleRunJson };
}
