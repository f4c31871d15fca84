/** `pum local down`: stop the local server; its data stays. */
import { serverStatus, stopServer } from '@pum/server';
import type { LocalNameOptions } from '../commands/local.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import { localServersHome } from '../local/local-home.js';
import type { LocalDownJson } from '../local/local-json.js';
import { localReport } from '../local/local-report.js';
import { findLocalServer } from '../local/local-target.js';

/** Run `pum local down`. */
export async function runLocalDown(options: LocalNameOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const { name, dir, state } = await findLocalServer(localServersHome(io.env), options.name);
  const control = { dir, binDir: state.binDir.dir, env: io.env };
  const { stopped } = await stopServer(control);
  if (options.json) {
    writeJson<LocalDownJson>(io, {
      command: 'local down',
      formatVersion: JSON_FORMAT_VERSION,
      ...localReport(state, dir, await serverStatus(control)),
      stopped,
    });
  } else if (!ctx.globals().quiet) {
    const c = colorsFor(io.stdout, io.env);
    io.stdout.write(
      stopped
        ? `${c.green('✓')} stopped local server "${name}"; its data is kept in ${dir} (pum local up --name ${name} starts it again)\n`
        : `local server "${name}" is not running\n`,
    );
  }
  return ExitCode.Ok;
}
