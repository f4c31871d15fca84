/** End-to-end `pum check` and `pum snapshot`: the built binary against real servers. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiffReportSchema } from '@pum/diff';
import { startPasswordCaptureServer, useTestDatabase } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const build = useTestDatabase();
const test = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCHEMA = `
CREATE SCHEMA qwat_od;
CREATE TABLE qwat_od.pipe (id serial PRIMARY KEY, diameter int CHECK (diameter > 0), remark text);
CREATE VIEW qwat_od.vw_pipe AS SELECT id, diameter FROM qwat_od.pipe;
CREATE TABLE public.scratch (a int);
`;

let serviceFile: string;

beforeAll(async () => {
  await (await build.connect()).query(SCHEMA);
  const t = await test.connect();
  await t.query(SCHEMA);
  await t.query(`DROP VIEW qwat_od.vw_pipe; ALTER TABLE qwat_od.pipe ALTER diameter TYPE bigint;
    CREATE VIEW qwat_od.vw_pipe AS SELECT id, diameter, remark FROM qwat_od.pipe;
    DROP TABLE public.scratch`);
  const service = (name: string, url: string) => {
    const u = new URL(url);
    return `[${name}]\nhost=${u.hostname}\nport=${u.port}\ndbname=${u.pathname.slice(1)}\nuser=${decodeURIComponent(u.username)}\n`;
  };
  serviceFile = join(work, 'pg_service.conf');
  writeFileSync(serviceFile, `${service('qwat_build', build.url)}\n${service('qwat_test', test.url)}`);
});

const withServices = () => ({ env: { PGSERVICEFILE: serviceFile } });

describe('pum check', () => {
  it('exits 0 when there is no difference', async () => {
    const result = await pum(['check', build.url, build.url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: no differences\n$/);
  });

  it('reports differences grouped by kind and exits 1', async () => {
    const result = await pum(['check', build.url, test.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('columns (1 added, 1 removed, 2 changed)');
    expect(result.stdout).toContain('  ~ qwat_od.pipe.diameter\n      type: integer → bigint');
    expect(result.stdout).toContain('  - public.scratch');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('runs the QWAT line of PUM 0.x unchanged, with service names', async () => {
    const result = await pum(
      [
        'check',
        '-p1',
        'qwat_build',
        '-p2',
        'qwat_test',
        '--exclude-schema',
        'public',
        '--exclude-schema',
        'tiger',
        '--exclude-schema',
        'topology',
        '-i',
        'views',
      ],
      withServices(),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not compared: views');
    expect(result.stdout).not.toContain('scratch');
    expect(result.stdout).toContain('qwat_od.pipe.diameter');
    expect(result.stdout).not.toMatch(/^views/m);
  });

  it('accepts the PUM 1.x form: pum -p A check B -f json', async () => {
    const result = await pum(['-p', 'qwat_build', 'check', 'qwat_test', '-f', 'json'], withServices());
    expect(result.code).toBe(1);
    const report = DiffReportSchema.parse(JSON.parse(result.stdout));
    expect(report.summary.changed).toBeGreaterThan(0);
    expect(report.from.label).toContain('/pum_t_check');
  });

  it('gives the same report for DB vs DB, DB vs snapshot and snapshot vs snapshot', async () => {
    const buildFile = join(work, 'build.json');
    const testFile = join(work, 'test.json');
    const written = await pum(['snapshot', build.url, '--output', buildFile]);
    expect(written.code, written.stderr).toBe(0);
    // Like pum dump, it says what it wrote, where (issue 17 item 6); -q keeps it quiet.
    expect(written.stdout).toContain(` written to ${buildFile} (`);
    expect(written.stdout).toMatch(
      /^✓ snapshot of \S*pum_t_check\S* written to .+ \(\d+ schemas, \d+ tables, \d+ objects\)\n$/,
    );
    const quiet = await pum(['-q', 'snapshot', test.url, '-o', testFile]);
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
    const differences = async (a: string, b: string) => {
      const result = await pum(['check', a, b, '--json']);
      expect(result.code).toBe(1);
      return DiffReportSchema.parse(JSON.parse(result.stdout)).differences;
    };
    const dbDb = await differences(build.url, test.url);
    expect(await differences(buildFile, test.url)).toEqual(dbDb);
    expect(await differences(buildFile, testFile)).toEqual(dbDb);
  });

  it('gives the same report on one connection per side (-j 1) as on several, and refuses -j 0 before connecting', async () => {
    const one = await pum(['check', build.url, test.url, '--json', '-j', '1']);
    const three = await pum(['check', build.url, test.url, '--json', '--jobs', '3']);
    const byDefault = await pum(['check', build.url, test.url, '--json']);
    expect(one.code, one.stderr).toBe(1);
    expect(DiffReportSchema.parse(JSON.parse(one.stdout)).summary.changed).toBeGreaterThan(0);
    expect(three).toEqual(one);
    expect(byDefault).toEqual(one);
    // Refused before anything connects: the first side's server does not exist.
    const zero = await pum(['check', 'postgresql://nobody@127.0.0.1:1/none', test.url, '-j', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--jobs 0: expected a whole number, 1 or more/);
    expect(zero.stderr).not.toMatch(/cannot connect/);
  });

  it('writes a self-contained HTML report to a file, its header naming the command without passwords', async () => {
    const file = join(work, 'report.html');
    // The test servers trust local connections: the password in the URL is never asked for.
    const withPassword = build.url.replace(
      /^(postgres(?:ql)?:\/\/[^:@/]+)(?::[^@/]*)?@/,
      '$1:s3cret-in-url@',
    );
    expect(withPassword).toContain('s3cret-in-url');
    const result = await pum(['check', withPassword, test.url, '--format', 'html', '--output', file]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<details class="kind" id="kind-columns" open>');
    expect(html).not.toMatch(/<script|<link/);
    expect(html).toMatch(/<dt>command<\/dt><dd><code>pum check &#39;postgres(ql)?:\/\/[^<]*:\*\*\*\*@/);
    expect(html).toContain(' --format html --output ');
    expect(html).not.toContain('s3cret-in-url');
    expect(html).toMatch(/<dt>made<\/dt><dd><time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">/);
  });

  it('takes the format from the output file name when --format is not given', async () => {
    const json = join(work, 'by-name.json');
    const page = join(work, 'by-name.HTML');
    const text = join(work, 'by-name.txt');
    for (const file of [json, page, text]) {
      const result = await pum(['check', build.url, test.url, '-o', file]);
      expect(result).toMatchObject({ code: 1, stdout: '' });
    }
    expect(DiffReportSchema.parse(JSON.parse(readFileSync(json, 'utf8'))).summary.changed).toBeGreaterThan(0);
    expect(readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(text, 'utf8')).not.toMatch(/^[{<]/);
    // --format wins over the name.
    const forced = await pum(['check', build.url, test.url, '-o', json, '--format', 'text']);
    expect(forced.code).toBe(1);
    expect(readFileSync(json, 'utf8')).not.toMatch(/^\{/);
  });

  it('honours PUM -P and -v 0', async () => {
    const result = await pum([
      'check',
      build.url,
      test.url,
      '-P',
      'diam%',
      '-P',
      'rem%',
      '-N',
      'public',
      '-i',
      'views',
      '-v',
      '0',
    ]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/no differences\n$/);
  });

  it('applies an ignore file', async () => {
    const rules = join(work, '.pumignore');
    writeFileSync(rules, '# ignore the test-only changes\n* qwat_od.*\ntables public.*\ncolumns public.*\n');
    const result = await pum(['check', build.url, test.url, '--ignore-file', rules]);
    expect(result.stdout).toMatch(/: no differences\n/);
    // What each rule left out is counted (issue 15, item 5).
    expect(result.stdout).toContain(`ignored: 4 differences by * qwat_od.* (${rules}:2)`);
    expect(result.stdout).toContain(`ignored: 1 difference by tables public.* (${rules}:3)`);
    expect(result.code).toBe(0);
  });
});

describe('pum check with bad input', () => {
  const expectOneLineError = (result: { code: number; stderr: string; stdout: string }, pattern: RegExp) => {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it('an unreachable server', async () => {
    expectOneLineError(
      await pum(['check', 'postgres://u@127.0.0.1:1/x', build.url]),
      /^error cannot connect to postgresql:\/\/u@127\.0\.0\.1:1\/x: .*ECONNREFUSED.* \(PUM_CONNECTION_FAILED\)$/,
    );
  });

  it('a wrong password, never echoed', async () => {
    const server = await startPasswordCaptureServer();
    try {
      const result = await pum([
        'check',
        `postgres://alice:s3cret-pw@127.0.0.1:${server.port}/db`,
        build.url,
      ]);
      expectOneLineError(
        result,
        /^error cannot log in to postgresql:\/\/alice@127\.0\.0\.1:\d+\/db: .* \(PUM_AUTHENTICATION_FAILED\)$/,
      );
      expect(result.stderr).not.toContain('s3cret-pw');
      expect(server.logins[0]?.password).toBe('s3cret-pw');
    } finally {
      await server.close();
    }
  });

  it('an unknown service', async () => {
    expectOneLineError(await pum(['check', 'no_such_service', build.url], withServices()), /no_such_service/);
  });

  it('a missing snapshot file', async () => {
    expectOneLineError(
      await pum(['check', join(work, 'missing.json'), build.url]),
      /^error cannot read snapshot file .*missing\.json/,
    );
  });

  it('a corrupt snapshot file', async () => {
    const corrupt = join(work, 'corrupt.json');
    writeFileSync(corrupt, '{"format": "pum-snapshot", "formatVersion": 1, "server": ');
    expectOneLineError(await pum(['check', corrupt, build.url]), /corrupt\.json is not valid JSON/);
  });

  it('an unknown ignore kind, before connecting anywhere', async () => {
    const result = await pum(['check', 'postgres://u@127.0.0.1:1/x', build.url, '-i', 'tabels']);
    expectOneLineError(result, /^error unknown object kind "tabels"/);
    expect(result.stderr).toContain('hint  use one of:');
  });

  it('a dump file as a side: check compares databases and snapshots (issue 17 item 6)', async () => {
    for (const file of ['prod.backup', 'qwat.dump']) {
      const result = await pum(['check', file, build.url]);
      expectOneLineError(
        result,
        new RegExp(
          `^error ${file.replace('.', '\\.')} is a dump file, not a side: check compares databases and snapshot files`,
        ),
      );
      expect(result.stderr).toContain(`pum restore --db DATABASE ${file}`);
    }
  });

  it('a missing side', async () => {
    expectOneLineError(await pum(['check', build.url]), /check needs two sides/);
  });

  it('an unknown option', async () => {
    expectOneLineError(await pum(['check', '--frobnicate']), /unknown option '--frobnicate'/);
  });
});

describe('pum snapshot', () => {
  it('writes a deterministic snapshot to stdout', async () => {
    const a = await pum(['snapshot', build.url, '-N', 'public']);
    const b = await pum(['snapshot', build.url, '-N', 'public']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const snapshot = JSON.parse(a.stdout);
    expect(snapshot.objects.tables.map((t: { key: string }) => t.key)).toEqual(['table:qwat_od.pipe']);
  });

  it('writes the same snapshot on one connection (-j 1) as on several, and refuses -j 0', async () => {
    const one = await pum(['snapshot', build.url, '-j', '1']);
    const three = await pum(['snapshot', build.url, '--jobs', '3']);
    expect(one.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    const zero = await pum(['snapshot', build.url, '-j', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--jobs 0: expected a whole number, 1 or more/);
  });

  it('fails clearly for an unwritable output', async () => {
    const result = await pum(['snapshot', build.url, '-o', join(work, 'no/such/dir/x.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error cannot write .*x\.json/);
  });
});
