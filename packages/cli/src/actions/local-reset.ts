/** `pum local reset`: rebuild the local server's database — drop it, create it, install the module. */
import { serverStatus, startServer } from '@pum/server';
import type { LocalNameOptions } from '../commands/local.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import { moduleCommand, runModuleCommand } from '../local/local-database.js';
import { localServersHome } from '../local/local-home.js';
import type { LocalResetJson } from '../local/local-json.js';
import { localOutput, localReport } from '../local/local-report.js';
import { localUrl } from '../local/local-state.js';
import { findLocalServer } from '../local/local-target.js';
import { commandLine } from '../nested-run.js';
import { makeDatabase } from '../server-databases.js';
import { serverOptions } from '../server-options.js';

/** Run `pum local reset`. */
export async function runLocalReset(options: LocalNameOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const json = options.json === true;
  const { quiet, c, say } = localOutput(ctx, json);
  const { name, dir, state } = await findLocalServer(localServersHome(io.env), options.name);
  let status = await serverStatus({ dir, binDir: state.binDir.dir, env: io.env });
  if (!status.running) {
    const server = await startServer({
      ...serverOptions(ctx, quiet),
      dir,
      binDir: state.binDir,
      port: state.port,
    });
    say(`started local server "${name}" with ${server.description}`);
    status = { running: true, port: server.port };
  }
  const url = localUrl(state, status.port ?? state.port);
  await makeDatabase(url, ctx, { replace: true });
  say(`dropped and created database ${state.database}`);
  const argv = moduleCommand(state, url, 'install');
  say(c.dim(`$ ${commandLine(argv)}`));
  const { code, report } = await runModuleCommand(argv, ctx, { json, quiet });
  if (code !== ExitCode.Ok) return code;
  if (json) {
    writeJson<LocalResetJson>(io, {
      command: 'local reset',
      formatVersion: JSON_FORMAT_VERSION,
      ...localReport(state, dir, status),
      moduleRun: report as NonNullable<typeof report>,
    });
  } else {
    say(`${c.green('✓')} local server "${name}" rebuilt: ${c.bold(url)}`);
  }
  return ExitCode.Ok;
}
