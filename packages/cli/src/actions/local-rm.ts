/** `pum local rm`: stop a local server and delete it, its data with it. */
import { rm } from 'node:fs/promises';
import { PumError, PumErrorCode } from '@pum/core';
import { stopServer } from '@pum/server';
import type { LocalRmOptions } from '../commands/local.js';
import { confirm } from '../confirm.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { localServersHome } from '../local/local-home.js';
import { findLocalServer } from '../local/local-target.js';

/** Run `pum local rm`: asks first, unless `--yes`; no answer (no terminal, no pipe) is exit 2. */
export async function runLocalRm(options: LocalRmOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const { name, dir, state } = await findLocalServer(localServersHome(io.env), options.name);
  if (options.yes !== true) {
    const answer = await confirm(io, `Delete local server "${name}" and all its data (${dir})? [y/N] `);
    if (answer !== 'yes') {
      throw new PumError(PumErrorCode.InvalidArgument, `local server "${name}" was not deleted`, {
        hint: `pum local rm --name ${name} --yes deletes it without asking`,
      });
    }
  }
  await stopServer({ dir, binDir: state.binDir.dir, env: io.env });
  await rm(dir, { recursive: true, force: true });
  if (!ctx.globals().quiet) {
    const c = colorsFor(io.stdout, io.env);
    io.stdout.write(`${c.green('✓')} deleted local server "${name}" and its data (${dir})\n`);
  }
  return ExitCode.Ok;
}
