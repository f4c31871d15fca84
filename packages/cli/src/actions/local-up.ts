/**
 * `pum local up`: start the local server of a module. The first time: make the server, create
 * its database, install the module; afterwards: start it again and apply what is new.
 */
import { join } from 'node:path';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import { serverStatus, startServer } from '@pum/server';
import type { LocalUpOptions } from '../commands/local.js';
import type { CommandContext } from '../context.js';
import { loadModule } from '../delta-context.js';
import { ExitCode } from '../exit-codes.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import { checkModuleOptions, moduleCommand, runModuleCommand } from '../local/local-database.js';
import { checkLocalName, defaultLocalName, localServersHome } from '../local/local-home.js';
import type { LocalUpJson } from '../local/local-json.js';
import { localOutput, localReport } from '../local/local-report.js';
import { type LocalState, localUrl, readLocalState, writeLocalState } from '../local/local-state.js';
import { commandLine } from '../nested-run.js';
import { databaseExists, makeDatabase } from '../server-databases.js';
import { chooseEngine, serverOptions } from '../server-options.js';

/** Run `pum local up`. */
export async function runLocalUp(options: LocalUpOptions, ctx: CommandContext): Promise<ExitCode> {
  const { io } = ctx;
  const json = options.json === true;
  const { quiet, c, say } = localOutput(ctx, json);

  // What the user asked for is checked before anything starts.
  const module =
    options.dir === undefined
      ? undefined
      : loadModule({ dir: [options.dir], ignore: [], lockTimeout: '60' }, ctx);
  if (module === undefined && options.name === undefined) {
    throw new PumError(PumErrorCode.InvalidArgument, 'local up needs the module', {
      hint: 'pass --dir MODULE (or --name NAME of a local server made before)',
    });
  }
  const name = checkLocalName(options.name ?? defaultLocalName(module as NonNullable<typeof module>));
  const home = localServersHome(io.env);
  const dir = join(home, name);
  const previous = await readLocalState(dir);
  if (!previous && !module) {
    throw new PumError(PumErrorCode.InvalidArgument, `there is no local server named "${name}" yet`, {
      hint: 'pass --dir MODULE to make it',
    });
  }
  if (previous) {
    const status = await serverStatus({ dir, binDir: previous.binDir.dir, env: io.env });
    if (status.running) {
      // Already up: nothing to do but say where it is (the module is not run again).
      const url = localUrl(previous, status.port ?? previous.port);
      if (json) {
        writeJson<LocalUpJson>(io, {
          command: 'local up',
          formatVersion: JSON_FORMAT_VERSION,
          ...localReport(previous, dir, status),
          created: false,
          alreadyRunning: true,
        });
      } else {
        say(`${c.green('✓')} local server "${name}" is already up: ${c.bold(url)}`);
        say(
          c.dim(
            `  nothing done · pum local reset --name ${name} rebuilds its database · pum local down --name ${name} stops it`,
          ),
        );
      }
      return ExitCode.Ok;
    }
  }
  const moduleInfo = module
    ? { dir: module.roots[0] as string, layout: module.layout, name: module.name }
    : (previous as LocalState).module;
  const demoData = options.demoData ?? previous?.demoData;
  checkModuleOptions(moduleInfo.layout, demoData);

  // A server keeps the programs that made it; the engine choice is for a new one.
  const binDir = previous?.binDir ?? (await chooseEngine(ctx, options.engine));
  const server = await startServer({
    ...serverOptions(ctx, quiet),
    dir,
    binDir,
    port: options.port ?? previous?.port,
  }).catch((error: unknown) => {
    throw withLocalHint(error, name, home);
  });
  say(`${server.created ? 'made' : 'started'} local server "${name}" with ${server.description}`);
  say(c.dim(`  directory ${dir}, server log ${server.logFile}`));
  const state: LocalState = {
    format: 1,
    name,
    binDir: server.binDir,
    port: server.port,
    database: previous?.database ?? name,
    module: moduleInfo,
    params: options.param.length > 0 ? options.param : (previous?.params ?? []),
    ...(demoData === undefined ? {} : { demoData }),
  };
  await writeLocalState(dir, state);

  const url = localUrl(state, server.port);
  const fresh = !(await databaseExists(url, ctx));
  if (fresh) {
    await makeDatabase(url, ctx);
    say(`created database ${state.database}`);
  }
  const argv = moduleCommand(state, url, fresh ? 'install' : 'upgrade');
  say(c.dim(`$ ${commandLine(argv)}`));
  const { code, report } = await runModuleCommand(argv, ctx, { json, quiet });
  if (code !== ExitCode.Ok) {
    io.stderr.write(
      `local server "${name}" is running, but the module did not ${fresh ? 'install' : 'upgrade'}: fix it, then run pum local reset --name ${name}\n`,
    );
    return code;
  }
  if (json) {
    writeJson<LocalUpJson>(io, {
      command: 'local up',
      formatVersion: JSON_FORMAT_VERSION,
      ...localReport(state, dir, { running: true, port: server.port }),
      created: server.created,
      moduleRun: report as NonNullable<typeof report>,
    });
  } else {
    say(`${c.green('✓')} local server "${name}" is up: ${c.bold(url)}`);
    say(c.dim(`  pum local status · pum local reset --name ${name} · pum local down --name ${name}`));
  }
  return ExitCode.Ok;
}

/** Errors that are about this machine get a hint about where `pum local` keeps its servers. */
function withLocalHint(error: unknown, name: string, home: string): unknown {
  if (!isPumError(error)) return error;
  if (typeof error.details.port === 'number') {
    return new PumError(error.code, error.message, {
      cause: error,
      hint: `choose another: pum local up --name ${name} --port N (the URL changes)`,
      details: error.details,
    });
  }
  if (typeof error.details.unenterable === 'string') {
    return new PumError(error.code, error.message, {
      cause: error,
      hint: `pum local keeps its servers in ${home}: set XDG_DATA_HOME to a directory the postgres OS user can reach, or run pum as an ordinary user`,
      details: error.details,
    });
  }
  return error;
}
