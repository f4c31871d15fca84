/**
 * Issue 13, item 7 (command hooks): a `command:` hook that cannot start or exits non-zero after
 * the changelogs committed is exit 5 (a delta failed), never 2 ("nothing was changed"), and the
 * message lists what this run committed before it. The same for a connection lost half-way.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { statementRunning, useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-hook-failure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeModule(dir: string, hook: string): string {
  const files: Record<string, string> = {
    '.pum.yaml': `pum:\n  module: ${dir}\n  migration_table_schema: ${dir}_sys\napplication:\n  create:\n    - command: ${hook}\n`,
    'changelogs/1.0.0/01_init.sql': `CREATE SCHEMA ${dir}_od;\n`,
    'changelogs/1.2.0/roads.sql': `CREATE TABLE ${dir}_od.roads (id int);\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(work, dir, path)), { recursive: true });
    writeFileSync(join(work, dir, path), text);
  }
  return join(work, dir);
}

describe('a failing delta after committed ones', () => {
  it('an SQL error in the third file of a PUM 0.x upgrade exits 5 and lists the two that committed', async () => {
    const dir = join(work, 'delta');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'delta_1.0.0_init.sql'), 'CREATE SCHEMA sqlfail;');
    writeFileSync(join(dir, 'delta_1.1.0_roads.sql'), 'CREATE TABLE sqlfail.roads (id int);');
    writeFileSync(join(dir, 'delta_1.2.0_broken.sql'), 'CREATE TABLE sqlfail.roads (id int);');
    const run = await pum(['upgrade', '--db', db.url, '-d', dir, '-t', 'sqlfail_sys.history']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('relation "roads" already exists');
    expect(run.stderr).toMatch(
      /changed before the failure \(committed, not rolled back\):\n {2}- applied [^\n]*delta_1\.0\.0_init\.sql\n {2}- applied [^\n]*delta_1\.1\.0_roads\.sql\n/,
    );
  });
});

describe('a failing command hook after committed changelogs', () => {
  it.each([
    ['missing', '[pum-no-such-program-here]', 'cannot run ["pum-no-such-program-here"]'],
    ['failing', '[node, -e, "process.exit(3)"]', 'exited with code 3'],
  ])('a %s program exits 5 and lists what committed', async (name, hook, said) => {
    const module = writeModule(name, hook);
    const run = await pum(['install', '--db', db.url, '-d', module]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(said);
    expect(run.stderr).toContain('changed before the failure (committed, not rolled back):');
    expect(run.stderr).toContain('  - applied changelogs/1.0.0/01_init.sql\n');
    expect(run.stderr).toContain('  - applied changelogs/1.2.0/roads.sql\n');
    const client = await db.connect();
    const { rows } = await client.query('SELECT to_regclass($1) IS NOT NULL AS committed', [
      `${name}_od.roads`,
    ]);
    expect(rows).toEqual([{ committed: true }]);
  });
});

describe('a connection lost after committed files', () => {
  it('exits 5 (the file in progress rolled back, not 2 or 70) and lists the files that committed', async () => {
    const dir = join(work, 'lost');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'delta_1.0.0_init.sql'), 'CREATE SCHEMA lostconn;');
    writeFileSync(join(dir, 'delta_1.1.0_slow.sql'), "SELECT pg_sleep(600), 'pum-lost-connection-marker';");
    // pum reaches the server through a proxy the test cuts, as a network failure would.
    const target = new URL(db.url);
    const sockets = new Set<Socket>();
    const proxy = createServer((inbound) => {
      const outbound = connect(Number(target.port), target.hostname);
      for (const s of [inbound, outbound]) {
        sockets.add(s);
        s.on('error', () => {});
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const via = new URL(db.url);
    via.hostname = '127.0.0.1';
    via.port = String((proxy.address() as AddressInfo).port);
    const admin = await db.connect();
    try {
      const running = pum(['upgrade', '--db', via.toString(), '-d', dir, '-t', 'lostconn_sys.history']);
      await statementRunning(admin, '%pum-lost-connection-marker%');
      for (const s of sockets) s.destroy();
      const run = await running;
      expect(run.code, run.stderr).toBe(5);
      expect(run.stderr).toContain('delta_1.1.0_slow.sql:1:1: Connection terminated unexpectedly');
      expect(run.stderr).toMatch(
        /changed before the failure \(committed, not rolled back\):\n {2}- applied [^\n]*delta_1\.0\.0_init\.sql\n/,
      );
      expect(run.stderr).not.toContain('delta_1.1.0_slow.sql\n');
    } finally {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pum-lost-connection-marker%' AND pid <> pg_backend_pid()",
      );
      await admin.end();
      proxy.close();
    }
  });
});
