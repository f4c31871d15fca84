/** End-to-end `pum diff`: plan, write a delta, apply it with `pum upgrade`, prove it with `--verify`. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinDirs } from '@pum/server';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const prod = useTestDatabase();
const dev = useTestDatabase();
const target = useTestDatabase();
const orderFrom = useTestDatabase();
const orderTo = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PROD = `
CREATE SCHEMA qwat_od;
CREATE TABLE qwat_od.pipe (id serial PRIMARY KEY, diameter int CHECK (diameter > 0), remark text, old_note text);
CREATE VIEW qwat_od.vw_pipe AS SELECT id, diameter FROM qwat_od.pipe;
`;
const DEV = `
CREATE SCHEMA qwat_od;
CREATE TABLE qwat_od.pipe (id serial PRIMARY KEY, diameter bigint CHECK (diameter > 0), remark text);
CREATE VIEW qwat_od.vw_pipe AS SELECT id, diameter, remark FROM qwat_od.pipe;
CREATE TABLE qwat_od.valve (id int PRIMARY KEY, pipe_id int REFERENCES qwat_od.pipe);
CREATE INDEX valve_pipe ON qwat_od.valve (pipe_id);
`;

beforeAll(async () => {
  await (await prod.connect()).query(PROD);
  await (await dev.connect()).query(DEV);
  await (await target.connect()).query(PROD);
});

describe('pum diff', () => {
  it('exits 0 and plans nothing when both sides are equal', async () => {
    const result = await pum(['diff', dev.url, dev.url]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('no differences: nothing to plan\n');
  });

  it('withholds destructive steps, lists them and exits 7', async () => {
    const result = await pum(['diff', prod.url, dev.url]);
    expect(result.code).toBe(7);
    expect(result.stdout).toContain(
      '-- Withheld (destructive; plan again with --allow-destructive to include them):',
    );
    expect(result.stdout).toContain('--   ALTER TABLE "qwat_od"."pipe" DROP COLUMN "old_note";');
    expect(result.stderr).toContain('1 destructive step(s) withheld: plan again with --allow-destructive');
    expect(result.stderr).toContain(
      'withheld: column:qwat_od.pipe.old_note: ALTER TABLE "qwat_od"."pipe" DROP COLUMN "old_note";\n',
    );
    // The rest of the plan is there, in dependency order.
    const at = (text: string) => {
      expect(result.stdout).toContain(text);
      return result.stdout.indexOf(text);
    };
    expect(at('DROP VIEW "qwat_od"."vw_pipe";')).toBeLessThan(at('ALTER COLUMN "diameter" TYPE bigint'));
    expect(at('ALTER COLUMN "diameter" TYPE bigint')).toBeLessThan(at('CREATE VIEW "qwat_od"."vw_pipe"'));
    expect(at('CREATE TABLE "qwat_od"."valve"')).toBeLessThan(
      at('ADD CONSTRAINT "valve_pkey" PRIMARY KEY (id);'),
    );
    expect(at('ADD CONSTRAINT "valve_pkey" PRIMARY KEY (id);')).toBeLessThan(
      at('ADD CONSTRAINT "valve_pipe_id_fkey"'),
    );
    expect(at('CREATE TABLE "qwat_od"."valve"')).toBeLessThan(at('CREATE INDEX valve_pipe'));
  });

  it('exits 7 with a line on stderr for each step it withholds or leaves to a person', async () => {
    const a = await orderFrom.connect();
    const b = await orderTo.connect();
    await a.query('CREATE TABLE public.t (a int, c int, gone int)');
    await b.query('CREATE TABLE public.t (a int, b int, c int)');
    const result = await pum(['diff', orderFrom.url, orderTo.url]);
    expect(result.code).toBe(7);
    expect(
      result.stderr.split('\n').filter((line) => /^(withheld|manual|not planned|never run):/.test(line)),
    ).toEqual([
      'withheld: column:public.t.gone: ALTER TABLE "public"."t" DROP COLUMN "gone";',
      'manual: table:public.t: "public"."t": after this plan its columns are ("a", "c", "b"), the target has ("a", "b", "c"); pum adds columns at the end and does not reorder them',
    ]);
    // With the drop allowed, the column order is still the one reason.
    const bold = await pum(['diff', orderFrom.url, orderTo.url, '--allow-destructive']);
    expect(bold.code).toBe(7);
    expect(bold.stderr).toMatch(/^manual: table:public\.t: /m);
    expect(bold.stderr).not.toMatch(/^withheld:/m);
  });

  it('prints the plan as JSON that matches the published schema', async () => {
    const result = await pum(['diff', prod.url, dev.url, '--allow-destructive', '--json']);
    expect(result.code).toBe(1);
    const json = jsonOutput('diff', result.stdout);
    expect(json.complete).toBe(true);
    expect(json.withheld).toEqual([]);
    expect(json.steps.find((s) => s.object === 'column:qwat_od.pipe.old_note')).toMatchObject({
      action: 'drop',
      hazards: ['data-loss', 'access-exclusive-lock'],
    });
    // A widening type change rewrites the table but loses nothing.
    expect(json.steps.find((s) => s.sql.includes('TYPE bigint'))?.hazards).toEqual([
      'table-rewrite',
      'access-exclusive-lock',
    ]);
  });

  it('plans the same from a snapshot file as from the database', async () => {
    const file = join(work, 'prod.json');
    expect((await pum(['snapshot', prod.url, '--output', file])).code).toBe(0);
    const fromDatabase = await pum(['diff', prod.url, dev.url, '--allow-destructive', '--json']);
    const fromFile = await pum(['diff', file, dev.url, '--allow-destructive', '--json']);
    expect(jsonOutput('diff', fromFile.stdout).steps).toEqual(jsonOutput('diff', fromDatabase.stdout).steps);
  });

  it('writes a PUM 0.x delta that pum upgrade applies, after which check finds nothing', async () => {
    const dir = join(work, 'delta');
    mkdirSync(dir);
    const written = await pum([
      'diff',
      prod.url,
      dev.url,
      '--allow-destructive',
      '--online',
      '--dir',
      dir,
      '--version',
      '1.4.0',
      '--name',
      'valves',
    ]);
    expect(written.code).toBe(1);
    const main = join(dir, 'delta_1.4.0_valves.sql');
    const online = join(dir, 'delta_1.4.0_valves_no_transaction.sql');
    expect(written.stderr).toContain(`wrote ${main}\nwrote ${online}\n`);
    expect(written.stdout).toBe('');
    expect(readFileSync(online, 'utf8')).toMatch(
      /^-- pum:no-transaction\n[\s\S]*CREATE INDEX CONCURRENTLY valve_pipe/,
    );
    expect(readFileSync(main, 'utf8')).toContain('NOT VALID;');

    const upgraded = await pum(['upgrade', '--db', target.url, '-d', dir]);
    expect(upgraded.stderr).toBe('');
    expect(upgraded.code).toBe(0);
    const check = await pum(['check', target.url, dev.url, '--exclude-schema', 'public']);
    expect(check.stdout).toMatch(/no differences/);
    expect(check.code).toBe(0);

    const again = await pum([
      'diff',
      prod.url,
      dev.url,
      '--dir',
      dir,
      '--version',
      '1.4.0',
      '--name',
      'valves',
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error .*delta_1\.4\.0_valves\.sql exists already/);
  });

  it('writes into changelogs/<version>/ of a PUM 1.x module', async () => {
    const dir = join(work, 'module');
    mkdirSync(dir);
    writeFileSync(join(dir, '.pum.yaml'), 'pum:\n  module: qwat\n');
    const result = await pum([
      '-d',
      dir,
      'diff',
      prod.url,
      dev.url,
      '--allow-destructive',
      '--version',
      '1.4.0',
      '--name',
      'valves',
    ]);
    expect(result.code).toBe(1);
    expect(existsSync(join(dir, 'changelogs', '1.4.0', 'valves.sql'))).toBe(true);
  });

  it('proves the plan with --verify on a throwaway server of the same major, or says there is none', async () => {
    const { local, embedded } = await findBinDirs({ path: process.env.PATH });
    const major = prod.server.major;
    const available = [...local, ...embedded].some((dir) => dir.canRunServer && dir.major === major);
    const result = await pum(['diff', prod.url, dev.url, '--allow-destructive', '--verify']);
    if (available) {
      expect(result.stderr).toMatch(/verified on .*: after the plan, the copy of FROM equals TO/);
      expect(result.code).toBe(1);
    } else {
      expect(result.stderr).toMatch(new RegExp(`^error --verify: no PostgreSQL ${major} server programs`));
      expect(result.stderr).toContain(`give --scratch a PostgreSQL ${major} server`);
      expect(result.code).toBe(2);
    }
  });

  it('proves the plan on a --scratch server and leaves no database there', async () => {
    const admin = await prod.connect();
    const scratch = new URL(prod.url);
    scratch.pathname = '/postgres';
    const result = await pum([
      'diff',
      prod.url,
      dev.url,
      '--allow-destructive',
      '--verify',
      '--scratch',
      scratch.href,
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(jsonOutput('diff', result.stdout).verification).toMatchObject({ verified: true, differences: [] });
    const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'pum_verify_%'");
    expect(rows).toEqual([]);
  });

  it('names what is wrong and exits 2', async () => {
    const cases: [string[], RegExp][] = [
      [['diff', prod.url], /^error diff needs two sides to compare/],
      [
        ['diff', prod.url, dev.url, '--version', '1.0.0'],
        /^error --version and --name say how to name a delta written with --dir/,
      ],
      [
        ['diff', prod.url, dev.url, '--dir', work, '--version', 'one', '--name', 'x'],
        /^error --version one: not a version/,
      ],
      [
        ['diff', prod.url, dev.url, '--dir', work, '--version', '1.0.0', '--name', 'a-b'],
        /^error --name a-b: use letters, digits and _ only/,
      ],
      [['diff', prod.url, dev.url, '--scratch', prod.url], /^error --scratch is used by --verify only/],
      [['diff', join(work, 'missing.json'), dev.url], /^error .*missing\.json/],
    ];
    for (const [args, message] of cases) {
      const result = await pum(args);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });
});
