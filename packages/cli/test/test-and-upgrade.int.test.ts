/**
 * End-to-end `pum test-and-upgrade`: production is upgraded only after a copy of it was upgraded,
 * compared and approved; on every other path it is left exactly as it was, and the databases pum
 * created are dropped.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiffReportSchema } from '@pum/diff';
import { queryUrl as query, skipUnless, useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { jsonOutput } from './json-output.js';
import { type PumRun, pum } from './run-pum.js';

const bin = fileURLToPath(new URL('../bin/pum.js', import.meta.url));
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'pum-rehearsal-'));
/** Each test spawns pum up to three times, some building a fresh reference on a new server. */
const SLOW = 240_000;
afterAll(() => rmSync(work, { recursive: true, force: true }));

const prod = useTestDatabase({ postgis: true });
const failing = useTestDatabase({ postgis: true });
const pum0Prod = useTestDatabase({ postgis: true });
const pum0Build = useTestDatabase({ postgis: true });
const pgBin = prod.server.binDir ? ['--pg-bin', prod.server.binDir] : [];

/** Run pum with `input` on its stdin (a pipe, as `yes |` gives). */
function pumWithInput(args: readonly string[], input: string | undefined): Promise<PumRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: work,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', () => {});
    if (input === undefined) child.stdin.end();
    else child.stdin.end(input);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const historyOf = (url: string, table = 'wn_sys.pum_history') =>
  query<{ version: string | null; success: boolean }>(
    url,
    `SELECT version, success FROM ${table} ORDER BY id`,
  );

/** Databases pum made beside `url`'s database and left behind. */
async function leftovers(url: string): Promise<string[]> {
  const name = new URL(url).pathname.slice(1);
  const rows = await query<{ datname: string }>(url, 'SELECT datname FROM pg_database');
  return rows.map((r) => r.datname).filter((d) => d.startsWith(`${name}_pum_`));
}

/** The schema of a database as a snapshot file, to prove it did not change. */
async function snapshotOf(url: string, name: string): Promise<string> {
  const file = join(work, `${name}.json`);
  const result = await pum(['snapshot', url, '--output', file]);
  expect(result.code, result.stderr).toBe(0);
  return file;
}

describe('pum test-and-upgrade', () => {
  it(
    'rehearses on a copy, compares with a fresh install, and upgrades production',
    async () => {
      const install = await pum(
        ['install', '--db', prod.url, '--dir', 'water-network', '--max-version', '1.0.0'],
        {
          cwd: examples,
        },
      );
      expect(install.code, install.stderr).toBe(0);
      await query(
        prod.url,
        "INSERT INTO wn_od.node (name, geometry) VALUES ('a', ST_SetSRID(ST_MakePoint(2600000, 1200000), 2056))",
      );

      const result = await pum(
        ['test-and-upgrade', '--prod', prod.url, '--dir', 'water-network', '--yes', '--json', ...pgBin],
        { cwd: examples },
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const report = jsonOutput('test-and-upgrade', result.stdout);
      expect(report).toMatchObject({
        outcome: 'upgraded',
        test: { created: true, kept: false, copiedBy: 'template' },
        comparison: { source: 'a fresh install', created: true },
        pending: [
          'changelogs/1.1.0/01_pipe_diameter.sql',
          'changelogs/1.1.0/02_pipe_material_index.sql',
          'changelogs/1.2.0/01_hydrant.sql',
          'changelogs/1.2.0/02_backfill_diameters.mjs',
        ],
      });
      // The fresh reference was built on a throwaway server, not beside production.
      expect(report.comparison.server).toMatch(/PostgreSQL \d+/);
      expect(report.comparison.server).not.toBe("production's server");
      expect(report.productionUpgrade?.map((f) => f.path)).toContain('changelogs/1.2.0/01_hydrant.sql');
      expect((await historyOf(prod.url)).filter((h) => h.version === '1.2.0')).toHaveLength(2);
      expect(await query(prod.url, 'SELECT name FROM wn_od.node')).toEqual([{ name: 'a' }]);
      expect(await leftovers(prod.url)).toEqual([]);

      // Up to date: nothing to rehearse, nothing created.
      const again = await pum(['test-and-upgrade', '--prod', prod.url, '--dir', 'water-network', '--yes'], {
        cwd: examples,
      });
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('is up to date: nothing to rehearse');
    },
    SLOW,
  );

  describe('leaves production untouched', () => {
    const module = join(work, 'broken-network');
    let before: string;
    let history: Awaited<ReturnType<typeof historyOf>>;

    beforeAll(async () => {
      cpSync(join(examples, 'water-network'), module, { recursive: true });
      const install = await pum(['install', '--db', failing.url, '--dir', module, '--max-version', '1.1.0']);
      expect(install.code, install.stderr).toBe(0);
      before = await snapshotOf(failing.url, 'before');
      history = await historyOf(failing.url);
    }, SLOW);

    /** Production as it was: same schema, same history, nothing left behind. */
    async function expectUntouched(): Promise<void> {
      const check = await pum(['check', before, failing.url]);
      expect(check.stdout).toContain('no differences');
      expect(check.code, check.stderr).toBe(0);
      expect(await historyOf(failing.url)).toEqual(history);
      expect(await leftovers(failing.url)).toEqual([]);
    }

    it(
      'when a delta fails on the copy (exit 5)',
      async () => {
        mkdirSync(join(module, 'changelogs/1.3.0'));
        writeFileSync(
          join(module, 'changelogs/1.3.0/01_broken.sql'),
          'ALTER TABLE wn_od.nowhere ADD COLUMN x int;\n',
        );
        try {
          const broken = await pum([
            'test-and-upgrade',
            '--prod',
            failing.url,
            '--dir',
            module,
            '--yes',
            ...pgBin,
          ]);
          expect(broken.code).toBe(5);
          expect(broken.stderr).toMatch(
            /^error changelogs\/1\.3\.0\/01_broken\.sql:1:\d+: relation "wn_od\.nowhere" does not exist/m,
          );
        } finally {
          rmSync(join(module, 'changelogs/1.3.0'), { recursive: true });
        }
        await expectUntouched();
      },
      SLOW,
    );

    it(
      'when -t names a table without history while another table holds it (exit 2, issue 13 item 5)',
      async () => {
        const mistyped = await pum([
          'test-and-upgrade',
          '--prod',
          failing.url,
          '--dir',
          module,
          '--table',
          'wn_sys.pum_histroy',
          '--yes',
          ...pgBin,
        ]);
        expect(mistyped.code, mistyped.stderr).toBe(2);
        expect(mistyped.stderr).toContain('did you mean -t');
        expect(mistyped.stderr).toContain('pum_history');
        await expectUntouched();
      },
      SLOW,
    );

    it(
      'when the copy differs from the reference (exit 1)',
      async () => {
        // The reference is a snapshot of production itself (still at 1.1.0).
        const differs = await pum([
          'test-and-upgrade',
          '--prod',
          failing.url,
          '--dir',
          module,
          '--compare',
          before,
          '--yes',
          '--report',
          join(work, 'differences.html'),
        ]);
        expect(differs.code).toBe(1);
        expect(differs.stdout).toContain('wn_od.hydrant');
        expect(differs.stderr).toContain('production is left as it was');
        expect(differs.stderr).toContain(`comparison report written to ${join(work, 'differences.html')}`);
        // The HTML report names the difference the text showed.
        const page = readFileSync(join(work, 'differences.html'), 'utf8');
        expect(page).toMatch(/^<!doctype html>/i);
        expect(page).toContain('wn_od.hydrant');
        await expectUntouched();
      },
      SLOW,
    );

    it(
      'when the answer is no (exit 1)',
      async () => {
        const declined = await pumWithInput(
          // A relative --report is written relative to the working directory.
          ['test-and-upgrade', '--prod', failing.url, '--dir', module, '--report', 'match.json'],
          'n\n',
        );
        expect(declined.code).toBe(1);
        // The copy matched the reference: the JSON report says so, written before the question.
        const written = DiffReportSchema.parse(JSON.parse(readFileSync(join(work, 'match.json'), 'utf8')));
        expect(written.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
        expect(declined.stderr).toMatch(/Apply 2 file\(s\) to \S+\? \[y\/N\] n\n/);
        expect(declined.stderr).toContain('not confirmed: production is left as it was');
        await expectUntouched();
      },
      SLOW,
    );

    it(
      'when --report names a file in a missing directory (exit 2, before connecting)',
      async () => {
        const refused = await pum([
          'test-and-upgrade',
          '--prod',
          failing.url,
          '--dir',
          module,
          '--yes',
          '--report',
          join(work, 'no-such-dir', 'report.html'),
        ]);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toMatch(
          /error --report .*no-such-dir\/report\.html: .*no-such-dir does not exist/,
        );
        expect(refused.stderr).not.toContain('test-and-upgrade upgrading');
        await expectUntouched();
      },
      SLOW,
    );

    it(
      'when there is no answer at all (exit 2)',
      async () => {
        const silent = await pumWithInput(
          ['test-and-upgrade', '--prod', failing.url, '--dir', module],
          undefined,
        );
        expect(silent.code).toBe(2);
        expect(silent.stderr).toContain(
          'error no answer to "apply to production?": production is left as it was',
        );
        expect(silent.stderr).toContain('hint  pass --yes');
        await expectUntouched();
      },
      SLOW,
    );
  });

  // A dump file needs pg_dump fit for the server (servers of the version matrix may have none).
  it("runs PUM 0.x's QGEP line unchanged, through a dump file, answering from a pipe", {
    ...skipUnless('pg_dump'),
    timeout: SLOW,
  }, async () => {
    // The test database named with -pt does not exist: pum makes it, marks it, and keeps it.
    const pum0Test = new URL(pum0Prod.url);
    pum0Test.pathname = `/${pum0Prod.name}_test`;
    const pum0TestUrl = pum0Test.toString();
    onTestFinished(async () => {
      await query(pum0Prod.server.url, `DROP DATABASE IF EXISTS ${pum0Prod.name}_test WITH (FORCE)`);
    });
    const delta = join(examples, 'water-network-pum0/delta');
    const vars = ['-v', 'int', 'SRID', '2056', '-v', 'str', 'lang', 'en'];
    for (const [url, max] of [
      [pum0Prod.url, ['-u', '1.1.0']],
      [pum0Build.url, []],
    ] as const) {
      const built = await pum(['upgrade', '-p', url, '-t', 'wn_sys.pum_info', '-d', delta, ...max, ...vars]);
      expect(built.code, built.stderr).toBe(0);
    }
    const dump = join(work, 'prod.dump');
    const result = await pumWithInput(
      [
        'test-and-upgrade',
        '-pp',
        pum0Prod.url,
        '-pt',
        pum0TestUrl,
        '-pc',
        pum0Build.url,
        '-t',
        'wn_sys.pum_info',
        '-f',
        dump,
        '-d',
        delta,
        '-i',
        'constraints',
        'views',
        '--exclude-schema',
        'public',
        ...pgBin,
        ...vars,
      ],
      'y\ny\ny\n',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('? [y/N] y');
    expect((await historyOf(pum0Prod.url, 'wn_sys.pum_info')).map((h) => h.version)).toContain('1.2.0');
    // The named test database holds the upgraded copy, and stays, marked as kept.
    expect(await query(pum0TestUrl, "SELECT to_regclass('wn_od.hydrant')::text AS t")).toEqual([
      { t: 'wn_od.hydrant' },
    ]);
    expect(
      await query(
        pum0TestUrl,
        "SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = current_database()",
      ),
    ).toEqual([
      { c: expect.stringMatching(/^pum test copy of ".+" created \S+ by run [0-9a-f-]{36}; kept$/) },
    ]);
  });
});
