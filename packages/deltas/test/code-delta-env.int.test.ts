/**
 * Issue 14: a code delta that starts a program (psql) gives it `env`, which names the database
 * being upgraded — never the database of the caller's own `PGSERVICE` / `PGDATABASE`.
 */
import { join } from 'node:path';
import { childEnvironment, resolveConnection } from '@pum/connect';
import { useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum0Module } from '../src/index.js';
import { schemaNames } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const other = useTestDatabase();
const names = schemaNames('cenv');

describe('code deltas and the programs they start', () => {
  it('env points psql at the database being upgraded, whatever the caller’s PGSERVICE / PGDATABASE', async () => {
    const client = await db.connect();
    const { schema, table } = names();
    const otherName = new URL(other.url).pathname.slice(1);
    const services = writeTree({ 'pg_service.conf': `[elsewhere]\ndbname=${otherName}\n` });
    const root = writeTree({
      'd/delta_1.0.0.sql': `CREATE SCHEMA ${schema};`,
      'd/delta_1.1.0_shell.mjs': `import { execFileSync } from 'node:child_process';
export default async function ({ env, log }) {
  const out = execFileSync('psql', ['-X', '-A', '-t', '-c', 'SELECT current_database()'], { env, encoding: 'utf8' });
  log.info('psql reached ' + out.trim());
}`,
    });
    // The caller's environment names another database, by service and by PGDATABASE.
    const callerEnv = {
      PATH: process.env.PATH,
      PGSERVICEFILE: join(services, 'pg_service.conf'),
      PGSERVICE: 'elsewhere',
      PGDATABASE: otherName,
    };
    const lines: string[] = [];
    const logger = { debug() {}, info: (m: string) => lines.push(m), warn() {}, error() {} };
    await applyDeltas(client, loadPum0Module([join(root, 'd')], { root }), {
      table,
      logger,
      commandEnvironment: childEnvironment(resolveConnection(db.url), callerEnv),
    });
    expect(lines).toContain(`psql reached ${new URL(db.url).pathname.slice(1)}`);
  });
});
