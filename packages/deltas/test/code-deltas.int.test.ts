/** Code deltas and hooks (.js, .mjs, .ts) and command: hooks, against a real database. */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { childEnvironment, resolveConnection } from '@pum/connect';
import { PumError } from '@pum/core';
import { pum1Yaml, SRID, useTestDatabase } from '@pum/test-postgres';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module, loadPum1Module, readHistory } from '../src/index.js';
import { failure, schemaNames } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('code');

const rowsOf = async (client: pg.Client, sql: string) => (await client.query(sql)).rows;
const exists = async (client: pg.Client, name: string) =>
  (await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name])).rows[0]?.t !== null;

async function rejection(promise: Promise<unknown>): Promise<PumError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PumError);
    return error as PumError;
  }
  throw new Error('expected the upgrade to fail');
}

/** The environment a CLI would give command hooks: the test database's connection in PG* variables. */
const hookEnvironment = () => childEnvironment(resolveConnection(db.url), { PATH: process.env.PATH });
const pgModule = createRequire(import.meta.url).resolve('pg');

describe('code deltas', () => {
  it('runs .js, .mjs and .ts deltas in order with SQL ones, with parameters, a logger and the transaction', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v text);`,
      'd/delta_1.1.0_js.js': `export default async function ({ client, parameters, log }) {
  log.info('filling from js');
  await client.query('INSERT INTO ${schema}.t VALUES ($1)', ['js:' + parameters.SRID]);
}`,
      'd/delta_1.2.0_mjs.mjs': `export default async ({ client }) => {
  await client.query("INSERT INTO ${schema}.t VALUES ('mjs')");
};`,
      'd/delta_1.3.0_ts.ts': `interface Context { client: { query(text: string, values?: unknown[]): Promise<unknown> } }
export default async function fill({ client }: Context): Promise<void> {
  const label: string = 'ts';
  await client.query('INSERT INTO ${schema}.t VALUES ($1)', [label]);
}`,
      'd/delta_1.4.0.sql': `INSERT INTO ${schema}.t VALUES ('sql');`,
    });
    const logged: string[] = [];
    const logger = { debug() {}, info: (m: string) => logged.push(m), warn() {}, error() {} };
    const report = await applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      logger,
      placeholders: { dialect: 'pum0', parameters: { SRID: { type: 'integer', value: '2056' } } },
    });
    expect(report.applied.map((f) => f.path)).toEqual([
      'd/delta_1.0.0.sql',
      'd/delta_1.1.0_js.js',
      'd/delta_1.2.0_mjs.mjs',
      'd/delta_1.3.0_ts.ts',
      'd/delta_1.4.0.sql',
    ]);
    expect(await rowsOf(client, `SELECT v FROM ${schema}.t ORDER BY v`)).toEqual([
      { v: 'js:2056' },
      { v: 'mjs' },
      { v: 'sql' },
      { v: 'ts' },
    ]);
    expect(logged).toContain('filling from js');
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.name, h.success])).toEqual([
      ['', true],
      ['js', true],
      ['mjs', true],
      ['ts', true],
      ['', true],
    ]);
    // Applied once: a second run runs nothing.
    expect((await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table })).applied).toEqual([]);
  });

  it('rolls a throwing delta back with its writes, names file:line, and records the failure', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v text);`,
      'd/delta_1.1.0_bad.mjs': `export default async function ({ client }) {
  await client.query("INSERT INTO ${schema}.t VALUES ('half')");
  throw new Error('no pipes found');
}`,
    });
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.code).toBe('PUM_DELTA_FAILED');
    expect(error.message).toMatch(/^d\/delta_1\.1\.0_bad\.mjs:3:\d+: no pipes found$/);
    expect(error.report.applied.map((f) => f.version)).toEqual(['1.0.0']);
    expect(await rowsOf(client, `SELECT v FROM ${schema}.t`)).toEqual([]);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.version, h.success])).toEqual([
      ['1.0.0', true],
      ['1.1.0', false],
    ]);
    expect(history[1]?.error).toContain('no pipes found');
  });

  it('reports a server error raised in a code delta as an SQL error with its SQLSTATE', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.mjs': `export default async ({ client }) => { await client.query('SELECT * FROM ${schema}.nowhere'); };`,
    });
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.code).toBe('PUM_SQL_ERROR');
    expect(error.message).toContain('d/delta_1.0.0.mjs:1:');
    expect(error.message).toContain('(SQLSTATE 42P01)');
    expect(error.details).toMatchObject({ sqlstate: '42P01' });
  });

  it('refuses transaction control but allows savepoints', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v int UNIQUE);`,
      'd/delta_1.1.0_savepoint.mjs': `export default async ({ client }) => {
  await client.query('INSERT INTO ${schema}.t VALUES (1)');
  await client.query('SAVEPOINT again');
  try { await client.query('INSERT INTO ${schema}.t VALUES (1)'); } catch { await client.query('ROLLBACK TO SAVEPOINT again'); }
  await client.query('INSERT INTO ${schema}.t VALUES (2)');
};`,
      'd/delta_1.2.0_commit.mjs': `export default async ({ client }) => {
  await client.query('INSERT INTO ${schema}.t VALUES (3)');
  await client.query({ text: 'SELECT 1; COMMIT' });
};`,
    });
    const error = await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.code).toBe('PUM_INVALID_FILE');
    expect(error.message).toBe('d/delta_1.2.0_commit.mjs: a code delta cannot run COMMIT');
    expect(error.report.applied.map((f) => f.version)).toEqual(['1.0.0', '1.1.0']);
    expect(await rowsOf(client, `SELECT v FROM ${schema}.t ORDER BY v`)).toEqual([{ v: 1 }, { v: 2 }]);
  });

  it('refuses a module without a default function, or that does not load, before anything runs', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0.mjs': `export const up = async () => {};`,
    });
    const error = await rejection(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(error.code).toBe('PUM_INVALID_FILE');
    expect(error.message).toBe(
      'd/delta_1.1.0.mjs: a code delta must export an async function as its default',
    );
    expect(error.hint).toContain('export default async function');
    expect(await exists(client, `${schema}.pum_history`)).toBe(false);

    writeFileSync(join(root, 'd/delta_1.1.0.mjs'), 'export default async () => { this is not javascript };');
    const broken = await rejection(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    expect(broken.code).toBe('PUM_INVALID_FILE');
    expect(broken.message).toMatch(/^d\/delta_1\.1\.0\.mjs: cannot load the code delta: /);
    expect(await rowsOf(client, `SELECT 1 FROM pg_namespace WHERE nspname = '${schema}'`)).toEqual([]);
  });

  it('runs an edited code delta file as the new module, not a cached one', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v text);`,
      'd/delta_1.1.0.mjs': `export default async ({ client }) => { throw new Error('first version'); };`,
    });
    await failure(applyDeltas(client, loadPum0Module([join(root, 'd')]), { table }));
    writeFileSync(
      join(root, 'd/delta_1.1.0.mjs'),
      `export default async ({ client }) => { await client.query("INSERT INTO ${schema}.t VALUES ('second')"); };`,
    );
    await applyDeltas(client, loadPum0Module([join(root, 'd')]), { table });
    expect(await rowsOf(client, `SELECT v FROM ${schema}.t`)).toEqual([{ v: 'second' }]);
  });

  it('gives code deltas the cancellation signal: a cancelled delta rolls back', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (v text);`,
      'd/delta_1.1.0.mjs': `export default async ({ client, signal }) => {
  await client.query("INSERT INTO ${schema}.t VALUES ('before cancel')");
  await new Promise((resolve) => signal.addEventListener('abort', resolve));
  signal.throwIfAborted();
};`,
    });
    const controller = new AbortController();
    const run = applyDeltas(client, loadPum0Module([join(root, 'd')]), {
      table,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'file-start' && e.file.version?.text === '1.1.0')
          setTimeout(() => controller.abort(), 50);
      },
    });
    const error = await failure(run);
    expect(error.code).toBe('PUM_ABORTED');
    expect(await rowsOf(client, `SELECT v FROM ${schema}.t`)).toEqual([]);
    expect((await readHistory(client, table)).map((h) => [h.version, h.success])).toEqual([
      ['1.0.0', true],
      ['1.1.0', false],
    ]);
  });
});

describe('PUM 1.x modules with code and command hooks', () => {
  /** A module whose create hook is a command writing through its own connection. */
  function module(schema: string, createHook: string) {
    return writeTree({
      '.pum.yaml': pum1Yaml({
        module: schema,
        historySchema: schema,
        parameters: [SRID],
        application: { drop: 'file: app/drop.mjs', create: createHook },
      }),
      'changelogs/1.0.0/01_schema.sql': `CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE ${schema}.pipe (id int);`,
      'changelogs/1.0.0/02_fill.ts': `export default async ({ client, parameters }: { client: { query(t: string, v: unknown[]): Promise<unknown> }; parameters: Record<string, unknown> }) => {
  await client.query('INSERT INTO ${schema}.pipe VALUES ($1)', [parameters.SRID]);
};`,
      'app/drop.mjs': `export default async ({ client }) => { await client.query('DROP SCHEMA IF EXISTS ${schema}_app CASCADE'); };`,
      'app/create_app.mjs': `import pg from ${JSON.stringify(pgModule)};
const client = new pg.Client();
await client.connect();
const count = (await client.query('SELECT count(*)::int AS n FROM ${schema}.pipe')).rows[0].n;
await client.query('CREATE SCHEMA ${schema}_app');
await client.query(\`CREATE VIEW ${schema}_app.info AS SELECT \${count} AS pipes, \${Number(process.env.PUM_PARAM_SRID)} AS srid, '\${process.env.PUM_MODULE}'::text AS module\`);
await client.end();
console.log('application created');
if (process.env.FAIL_HOOK) { console.error('the hook failed on purpose'); process.exit(3); }
`,
    });
  }

  it('runs a command hook after committing the changelogs, with the connection and parameters in its environment', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = module(schema, 'command: [node, app/create_app.mjs]');
    const loaded = loadPum1Module(root);
    expect(loaded.createHooks[0]).toMatchObject({
      language: 'command',
      command: { argv: ['node', 'app/create_app.mjs'] },
      path: '.pum.yaml#application.create[0]',
    });
    const lines: string[] = [];
    const logger = { debug() {}, info: (m: string) => lines.push(m), warn() {}, error() {} };
    const report = await applyDeltas(client, loaded, {
      singleTransaction: true,
      commandEnvironment: hookEnvironment(),
      placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: '21781' } } },
      logger,
    });
    expect(report.applied.map((f) => f.path)).toEqual([
      'app/drop.mjs',
      'changelogs/1.0.0/01_schema.sql',
      'changelogs/1.0.0/02_fill.ts',
      '.pum.yaml#application.create[0]',
    ]);
    // The hook saw the committed changelogs through its own connection.
    expect(await rowsOf(client, `SELECT * FROM ${schema}_app.info`)).toEqual([
      { pipes: 1, srid: 21781, module: schema },
    ]);
    expect(lines).toContain('application created');
  });

  it('runs a shell-line command hook', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = module(schema, 'command: node app/create_app.mjs && echo "shell ran"');
    const lines: string[] = [];
    const logger = { debug() {}, info: (m: string) => lines.push(m), warn() {}, error() {} };
    await applyDeltas(client, loadPum1Module(root), {
      singleTransaction: true,
      commandEnvironment: hookEnvironment(),
      placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: '2056' } } },
      logger,
    });
    expect(lines).toEqual(['application created', 'shell ran']);
    expect(await rowsOf(client, `SELECT srid FROM ${schema}_app.info`)).toEqual([{ srid: 2056 }]);
  });

  it('reports a failing command hook with its exit code and stderr; the committed changelogs stay', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const root = module(schema, 'command: [node, app/create_app.mjs]');
    const error = await failure(
      applyDeltas(client, loadPum1Module(root), {
        singleTransaction: true,
        commandEnvironment: { ...hookEnvironment(), FAIL_HOOK: '1' },
        placeholders: { dialect: 'pum1', parameters: { SRID: { type: 'integer', value: '2056' } } },
      }),
    );
    expect(error.code).toBe('PUM_DELTA_FAILED');
    expect(error.message).toBe(
      '.pum.yaml#application.create[0]: ["node","app/create_app.mjs"] exited with code 3\n  the hook failed on purpose',
    );
    expect(error.report.applied).toHaveLength(3);
    const history = await readHistory(client, table);
    expect(history.map((h) => [h.path, h.success])).toEqual([
      ['app/drop.mjs', true],
      ['changelogs/1.0.0/01_schema.sql', true],
      ['changelogs/1.0.0/02_fill.ts', true],
      ['.pum.yaml#application.create[0]', false],
    ]);
  });

  it('reports a program that cannot be started, and refuses command hooks without an environment', async () => {
    const client = await db.connect();
    const { schema } = names();
    const root = module(schema, 'command: [pum-no-such-program-here]');
    await expect(
      applyDeltas(client, loadPum1Module(root), { singleTransaction: true }),
    ).rejects.toMatchObject({ code: 'PUM_INVALID_ARGUMENT' });
    expect(await exists(client, `${schema}.pipe`)).toBe(false);
    const error = await failure(
      applyDeltas(client, loadPum1Module(root), {
        singleTransaction: true,
        commandEnvironment: hookEnvironment(),
      }),
    );
    // A hook that cannot start is a failed hook (exit 5), after the changelogs it follows committed.
    expect(error.code).toBe('PUM_DELTA_FAILED');
    expect(error.message).toContain('cannot run ["pum-no-such-program-here"]');
    expect(error.changed).toEqual(error.report.applied.map((f) => `applied ${f.path}`));
    expect(error.changed.length).toBeGreaterThan(0);
  });
});
