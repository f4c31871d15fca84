/**
 * What the commands that start servers themselves (`pum demo`, `pum local`) give
 * `@pum/server`: where installed programs may be (`PATH`), the environment of the programs, a
 * logger that shows its detail with `-v`, and the engine the user asked for.
 */
import { isPumError, PumError } from '@pum/core';
import { type BinDir, chooseBinDir, findBinDirs, type StartServerOptions } from '@pum/server';
import type { EngineChoice } from './commands/engine-option.js';
import type { CommandContext } from './context.js';
import { cliLogger } from './logger.js';

/** The `@pum/server` options of this run. */
export function serverOptions(
  ctx: CommandContext,
  quiet: boolean,
): Pick<StartServerOptions, 'path' | 'env' | 'logger'> {
  const { io } = ctx;
  return {
    path: io.env.PATH,
    env: io.env,
    logger: cliLogger(io, { quiet, verbose: ctx.globals().verbose, infoIsDetail: true }),
  };
}

/**
 * The programs to start a server with, as `engine` asks, of `major` when given.
 *
 * @throws {@link PumError} `PUM_EXTERNAL_PROGRAM` when there are none of that kind, saying what
 *   to install.
 */
export async function chooseEngine(
  ctx: CommandContext,
  engine: EngineChoice,
  major?: number,
): Promise<BinDir> {
  const found = await findBinDirs({ path: ctx.io.env.PATH, env: ctx.io.env });
  try {
    return chooseBinDir(
      {
        local: engine === 'embedded' ? [] : found.local,
        embedded: engine === 'installed' ? [] : found.embedded,
      },
      major === undefined ? {} : { major },
    );
  } catch (error) {
    if (engine === 'auto' || !isPumError(error)) throw error;
    throw new PumError(error.code, `--engine ${engine}: ${error.message}`, {
      cause: error,
      hint: error.hint,
      details: error.details,
    });
  }
}
