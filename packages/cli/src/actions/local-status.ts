/** `pum local status`: every local server (or one), running or not, with its URL and engine. */
import { join } from 'node:path';
import { serverStatus } from '@pum/server';
import type { LocalNameOptions } from '../commands/local.js';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import { localServersHome } from '../local/local-home.js';
import type { LocalStatusJson } from '../local/local-json.js';
import { formatLocalReport, type LocalReport, localReport } from '../local/local-report.js';
import { listLocalServers, readLocalState } from '../local/local-state.js';
import { findLocalServer } from '../local/local-target.js';

/** Run `pum local status`. */
export async function runLocalStatus(options: LocalNameOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const home = localServersHome(io.env);
  const targets =
    options.name === undefined
      ? listLocalServers(home).map((name) => join(home, name))
      : [(await findLocalServer(home, options.name)).dir];
  const reports: LocalReport[] = [];
  for (const dir of targets) {
    const state = await readLocalState(dir);
    if (!state) continue;
    reports.push(localReport(state, dir, await serverStatus({ dir, binDir: state.binDir.dir, env: io.env })));
  }
  if (options.json) {
    writeJson<LocalStatusJson>(io, {
      command: 'local status',
      formatVersion: JSON_FORMAT_VERSION,
      home,
      servers: reports,
    });
    return ExitCode.Ok;
  }
  const c = colorsFor(io.stdout, io.env);
  if (reports.length === 0) {
    io.stdout.write(`no local servers (in ${home}); start one with: pum local up --dir MODULE\n`);
  }
  for (const report of reports) io.stdout.write(formatLocalReport(report, c.bold));
  return ExitCode.Ok;
}
