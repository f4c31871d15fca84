/**
 * Issue 15: the command lines of QWAT's, QGEP's and TEKSI's scripts and CI run unchanged, one
 * test per shape, through the built bin, with service names from a pg_service.conf. And a real
 * QWAT delta directory — a README, notes kept beside deltas, a dump, a KDE dot-file, a helper
 * module its Python hook imports — is upgraded with those files listed once in a warning, while
 * misnamed deltas are all reported in one error that changes nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pum1Yaml, queryUrl as query, SRID, skipUnless, useTestDatabase, WEBGIS } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PumRun, pum } from './run-pum.js';
import { testCopyOf } from './test-copy.js';
import { writeTree } from './write-tree.js';

const bin = fileURLToPath(new URL('../bin/pum.js', import.meta.url));
const PYTHON = process.env.PUM_TEST_PYTHON ?? '/usr/bin/python3';
const SLOW = 240_000;
const work = mkdtempSync(join(tmpdir(), 'pum-lines-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const qwatProd = useTestDatabase();
const qwatComp = useTestDatabase();
const qwatBad = useTestDatabase();
const qgep = useTestDatabase();
const tww = useTestDatabase();
const signalo = useTestDatabase();
const rehearsalProd = useTestDatabase();
const rehearsalComp = useTestDatabase();
const pgBin = qwatProd.server.binDir ? ['--pg-bin', qwatProd.server.binDir] : [];

let env: Record<string, string>;

beforeAll(() => {
  const services: Record<string, string> = {
    qwat_prod: qwatProd.url,
    qwat_comp: qwatComp.url,
    qwat_bad: qwatBad.url,
    qgep_prod: qgep.url,
    pg_tww: tww.url,
    signalo: signalo.url,
    pg_qwat_prod: rehearsalProd.url,
    pg_qwat_comp: rehearsalComp.url,
  };
  const sections = Object.entries(services).map(([name, url]) => {
    const u = new URL(url);
    return `[${name}]\nhost=${u.hostname}\nport=${u.port}\ndbname=${u.pathname.slice(1)}\nuser=${decodeURIComponent(u.username)}\n`;
  });
  writeFileSync(join(work, 'pg_service.conf'), sections.join('\n'));
  env = { PGSERVICEFILE: join(work, 'pg_service.conf'), PUM_PYTHON: PYTHON };
});

const run = (args: readonly string[]) => pum(args, { env, cwd: work });

/** `run(args)`, expecting exit 0 (its output shown otherwise); the run, for further checks. */
async function succeeds(args: readonly string[]): Promise<PumRun> {
  const result = await run(args);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return result;
}

/** `yes | pum …`: an endless "y" on stdin, as the CI scripts pipe it. */
function yesPipe(args: readonly string[]): Promise<PumRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: work,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.on('error', () => {});
    child.stdin.end('y\n'.repeat(1000));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** QWAT's CI arguments: service qwat_prod, table qwat_sys.info, two delta directories after one -d. */
const QWAT_CI = ['-p', 'qwat_prod', '-t', 'qwat_sys.info', '-d', 'update/delta', 'extra'];

const count = (text: string, part: string) => text.split(part).length - 1;

// A QWAT-like update/delta directory, with the stray files of the real one.
writeTree(join(work, 'update/delta'), {
  'README.txt': 'Copy here your delta.\n',
  '.directory': '[Dolphin]\nTimestamp=2019,1,1\n',
  'delta_1.0.0_init.sql':
    'CREATE SCHEMA IF NOT EXISTS qwat_od;\nCREATE TABLE IF NOT EXISTS qwat_od.pipe (id int PRIMARY KEY);\n',
  'delta_1.1.0_26012017.sql': 'ALTER TABLE qwat_od.pipe ADD COLUMN diameter int;\n',
  'delta_1.1.0_26012017.sql.post':
    '-- run by hand after the delta, never by PUM\nDROP SCHEMA qwat_od CASCADE;\n',
  'qwat_1_0_0_dump.dump': 'PGDMP not really\n',
  'pre-all.py': `from pum.core.deltapy import DeltaPy
import views_helper


class DropViews(DeltaPy):
    def run(self):
        views_helper.note(self)
`,
  'views_helper.py': `def note(delta):
    delta.write_message("views dropped by the helper")
`,
});
// An extra directory, as QWAT's CI passes a second one after the same -d.
writeTree(join(work, 'extra'), {
  'delta_1.0.1_extra_delta_for_test.sql': 'CREATE TABLE qwat_od.extra (id int);\n',
});

describe('PUM 0.x and 1.x command lines, unchanged', () => {
  it('pum -v and pum --version print the version; -v with a command is verbosity', async () => {
    const version = await run(['-v']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    expect(await run(['--version'])).toEqual(version);
    const verbose = await run(['-v', 'info', '-p', 'qwat_prod', '-t', 'qwat_sys.info', '-d', 'update/delta']);
    expect(verbose.stdout).toContain('qwat_sys');
    expect(verbose.stdout).not.toBe(version.stdout);
  });

  it('QWAT setup.sh: baseline with several directories after one -d, listing the stray files once', async () => {
    await query(qwatProd.url, 'CREATE SCHEMA qwat_od; CREATE TABLE qwat_od.pipe (id int PRIMARY KEY)');
    const result = await succeeds(['baseline', ...QWAT_CI, '-b', '1.0.0']);
    expect(result.stderr).toBe(
      [
        'warning skipped 5 files that cannot be deltas (--ignore GLOB skips them without this warning):',
        '  update/delta/.directory (a dot-file)',
        '  update/delta/README.txt (a document)',
        '  update/delta/delta_1.1.0_26012017.sql.post (a delta name with another extension (a note or a copy))',
        '  update/delta/qwat_1_0_0_dump.dump (a dump, backup or temporary file)',
        '  update/delta/views_helper.py (a helper module that a hook imports)',
        '',
      ].join('\n'),
    );
  });

  it('QWAT CI: upgrade -p -t -d DIR DIR proceeds past the stray files, the hook importing its helper', {
    timeout: SLOW,
  }, async () => {
    const result = await succeeds(['upgrade', ...QWAT_CI]);
    expect(count(result.stderr, 'README.txt')).toBe(1);
    expect(count(result.stderr, 'warning skipped'), result.stderr).toBe(1);
    expect(result.stderr).toContain('views dropped by the helper');
    expect(
      await query(
        qwatProd.url,
        "SELECT to_regclass('qwat_od.extra')::text AS extra, count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'qwat_od' AND column_name = 'diameter'",
      ),
    ).toEqual([{ extra: 'qwat_od.extra', n: 1 }]);
    // The note beside the delta was not run.
    await succeeds(['info', ...QWAT_CI]);
  });

  it('QWAT upgrade_db.sh: check -p1 -p2 -v 2 -i views rules, and -v 1 (QGEP)', async () => {
    for (const level of ['2', '1']) {
      await succeeds(['check', '-p1', 'qwat_prod', '-p2', 'qwat_prod', '-v', level, '-i', 'views', 'rules']);
    }
  });

  it('every misnamed delta in one error, exit 2, nothing changed', async () => {
    writeTree(join(work, 'bad'), {
      'README.md': '# how to name deltas\n',
      'delta_1.0.0.sql': 'CREATE SCHEMA bad_od;\n',
      'delta_1.0.1_bad-name.sql': 'CREATE TABLE bad_od.a (id int);\n',
      'delta1.2.sql': 'CREATE TABLE bad_od.b (id int);\n',
      'delta_1.2.0_x.sq': 'CREATE TABLE bad_od.c (id int);\n',
    });
    const result = await run(['upgrade', '-p', 'qwat_bad', '-t', 'qwat_sys.info', '-d', 'bad']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error 3 entries of the delta directories look like deltas but cannot be run:\n/,
    );
    for (const name of ['delta_1.0.1_bad-name.sql', 'delta1.2.sql', 'delta_1.2.0_x.sq']) {
      expect(count(result.stderr, `  bad/${name}: unrecognised file`)).toBe(1);
    }
    expect(result.stderr).not.toContain('README');
    expect(
      await query(
        qwatBad.url,
        "SELECT to_regnamespace('bad_od')::text AS od, to_regnamespace('qwat_sys')::text AS sys",
      ),
    ).toEqual([{ od: null, sys: null }]);
  });

  it("QGEP: upgrade -t -p -d -v int SRID 2056, and the plugin's -u VERSION -v int SRID", async () => {
    writeTree(join(work, 'delta'), {
      'delta_1.0.0_init.sql': 'CREATE SCHEMA qgep_od;\nCREATE TABLE qgep_od.reach (id int, srid int);\n',
      'delta_1.1.0_srid.sql': 'INSERT INTO qgep_od.reach VALUES (1, %(SRID)s);\n',
      'delta_1.2.0_later.sql': 'INSERT INTO qgep_od.reach VALUES (2, %(SRID)s);\n',
    });
    await succeeds([
      'upgrade',
      '-p',
      'qgep_prod',
      '-t',
      'qgep_sys.pum_info',
      '-d',
      'delta',
      '-u',
      '1.1.0',
      '-v',
      'int',
      'SRID',
      '2056',
    ]);
    await succeeds([
      'upgrade',
      '-t',
      'qgep_sys.pum_info',
      '-p',
      'qgep_prod',
      '-d',
      'delta',
      '-v',
      'int',
      'SRID',
      '2056',
    ]);
    expect(await query(qgep.url, 'SELECT id, srid FROM qgep_od.reach ORDER BY id')).toEqual([
      { id: 1, srid: 2056 },
      { id: 2, srid: 2056 },
    ]);
  });

  it('TEKSI: pum -vvv -s SERVICE -d datamodel install -p SRID 2056 --roles --grant, then pum -vvv -p', async () => {
    writeTree(join(work, 'datamodel'), {
      '.pum.yaml': pum1Yaml({
        module: 'tww_lines',
        historySchema: 'tww_lines_sys',
        parameters: [SRID, { ...WEBGIS, appOnly: false }],
      }),
      'changelogs/1.0.0/01_init.sql':
        'CREATE SCHEMA tww_lines_od;\nCREATE TABLE tww_lines_od.reach (id int, srid int DEFAULT {SRID}, web boolean DEFAULT {webgis});\n',
    });
    const early = await succeeds([
      '-vvv',
      '-s',
      'pg_tww',
      '-d',
      'datamodel',
      'install',
      '-p',
      'SRID',
      '2056',
      '--roles',
      '--grant',
    ]);
    expect(early.stdout).toContain('installed tww_lines');
    await succeeds([
      '-vvv',
      '-p',
      'signalo',
      '-d',
      'datamodel',
      'install',
      '-p',
      'SRID',
      '2056',
      '-p',
      'webgis',
      'false',
    ]);
    for (const url of [tww.url, signalo.url]) {
      expect(await query(url, "SELECT to_regclass('tww_lines_od.reach')::text AS t")).toEqual([
        { t: 'tww_lines_od.reach' },
      ]);
    }
  });

  it('-v, -vv and -vvv each add detail to dump -p SERVICE FILE; restore -p SERVICE FILE', {
    ...skipUnless('pg_dump'),
    timeout: SLOW,
  }, async () => {
    const outputs: string[] = [];
    for (const flags of [[], ['-v'], ['-vv'], ['-vvv']]) {
      const file = join(work, `verbosity${flags.length}${flags[0] ?? ''}.dump`);
      const result = await succeeds([...flags, 'dump', '-p', 'qgep_prod', file, ...pgBin]);
      outputs.push(result.stderr);
    }
    const [quiet = '', one = '', two = '', three = ''] = outputs;
    expect(quiet).toBe('');
    expect(one).toMatch(/^using pg_dump /m);
    expect(one).not.toMatch(/^running /m);
    expect(two).toMatch(/^running \S*pg_dump /m);
    expect(two).not.toContain('tool=pg_dump');
    expect(three).toContain('tool=pg_dump');
    // QWAT's CI: pum restore -p SERVICE FILE, then pum check -p1 -p2 -i views rules.
    await succeeds(['restore', '-p', 'qwat_comp', join(work, 'verbosity0.dump'), ...pgBin]);
    await succeeds(['check', '-p1', 'qgep_prod', '-p2', 'qwat_comp', '-i', 'views', 'rules']);
  });

  it('QWAT CI: yes | pum test-and-upgrade -pp -pt -pc -t -d DIR DIR -f FILE -i views rules', {
    ...skipUnless('pg_dump'),
    timeout: SLOW,
  }, async () => {
    const copy = testCopyOf(rehearsalProd, 'test');
    const u = new URL(copy.url);
    writeFileSync(
      join(work, 'pg_service.conf'),
      `[pg_qwat_test]\nhost=${u.hostname}\nport=${u.port}\ndbname=${copy.name}\nuser=${decodeURIComponent(u.username)}\n\n`,
      { flag: 'a' },
    );
    await query(rehearsalProd.url, 'CREATE SCHEMA qwat_od; CREATE TABLE qwat_od.pipe (id int PRIMARY KEY)');
    for (const [service, version] of [
      ['pg_qwat_prod', '1.0.0'],
      ['pg_qwat_comp', undefined],
    ] as const) {
      if (version === undefined) {
        await succeeds(['upgrade', '-p', service, '-t', 'qwat_sys.info', '-d', 'update/delta', 'extra']);
      } else {
        await succeeds([
          'baseline',
          '-p',
          service,
          '-t',
          'qwat_sys.info',
          '-d',
          'update/delta',
          'extra',
          '-b',
          version,
        ]);
      }
    }
    const result = await yesPipe([
      'test-and-upgrade',
      '-pp',
      'pg_qwat_prod',
      '-pt',
      'pg_qwat_test',
      '-pc',
      'pg_qwat_comp',
      '-t',
      'qwat_sys.info',
      '-d',
      'update/delta',
      'extra',
      '-f',
      join(work, 'qwat_dump'),
      '-i',
      'views',
      'rules',
      ...pgBin,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(count(result.stderr, 'README.txt')).toBe(1);
    expect(await query(rehearsalProd.url, "SELECT to_regclass('qwat_od.extra')::text AS t")).toEqual([
      { t: 'qwat_od.extra' },
    ]);
  });
});
