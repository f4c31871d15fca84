/** What `pum local` tells about a server, in `--json` and in words. */
import { join } from 'node:path';
import { describeBinDir, type ServerStatus } from '@pum/server';
import type { CommandContext } from '../context.js';
import { type Colors, colorsFor } from '../io.js';
import { type LocalState, localUrl } from './local-state.js';

/** How a `pum local` command talks: colours, and lines on stdout unless `--quiet` or `--json`. */
export function localOutput(
  ctx: CommandContext,
  json: boolean,
): { quiet: boolean; c: Colors; say: (text: string) => void } {
  const quiet = ctx.globals().quiet === true || json;
  return {
    quiet,
    c: colorsFor(ctx.io.stdout, ctx.io.env),
    say: (text) => {
      if (!quiet) ctx.io.stdout.write(`${text}\n`);
    },
  };
}

/** The JSON description of a local server. */
export interface LocalReport {
  name: string;
  running: boolean;
  url: string;
  port: number;
  database: string;
  engine: 'local' | 'embedded';
  engineDescription: string;
  binDir: string;
  postgresVersion: string;
  module: LocalState['module'];
  dataDir: string;
  logFile: string;
}

/** Describe the server of `state` in `dir`, running or not. */
export function localReport(state: LocalState, dir: string, status: ServerStatus): LocalReport {
  const port = status.port ?? state.port;
  return {
    name: state.name,
    running: status.running,
    url: localUrl(state, port),
    port,
    database: state.database,
    engine: state.binDir.source,
    engineDescription: describeBinDir(state.binDir),
    binDir: state.binDir.dir,
    postgresVersion: state.binDir.version,
    module: state.module,
    dataDir: dir,
    logFile: join(dir, 'server.log'),
  };
}

/** The report as a few lines of text. */
export function formatLocalReport(report: LocalReport, bold: (text: string) => string): string {
  const module = `${report.module.dir} (${report.module.layout === 'pum1' ? 'PUM 1.x module' : 'PUM 0.x delta directory'})`;
  return [
    `${bold(report.name)}: ${report.running ? 'running' : 'stopped'}`,
    `  url        ${report.url}`,
    `  engine     ${report.engineDescription}`,
    `  module     ${module}`,
    `  directory  ${report.dataDir}`,
    `  log        ${report.logFile}`,
    '',
  ].join('\n');
}
