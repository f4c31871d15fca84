/**
 * A throwaway server that asks for passwords: two roles with a password, one authenticated by
 * SCRAM-SHA-256 and one by md5 (pg_hba.conf rules for those roles only, passwords stored with the
 * matching `password_encryption`), so tests meet the server's real handshake, not `trust`.
 */
import { randomBytes } from 'node:crypto';
import { quoteIdent, quoteLiteral } from '@pum/core';
import pg from 'pg';
import { TestPostgresError } from './errors.js';
import { databaseUrl, withClient } from './server-admin.js';
import { startPostgres, type TestPostgres } from './start-postgres.js';

/** A role that must give its password. */
export interface PasswordRole {
  readonly user: string;
  readonly password: string;
}

/** A running {@link startPasswordAuthServer} server. */
export interface PasswordAuthServer {
  /** The server itself (`url` is the superuser's, trusted). */
  readonly server: TestPostgres;
  /** `127.0.0.1` */
  readonly host: string;
  readonly port: number;
  /** A database owned by the SCRAM role, which the md5 role may use too. */
  readonly database: string;
  /** Authenticated by `scram-sha-256`, password stored as a SCRAM verifier. */
  readonly scram: PasswordRole;
  /** Authenticated by `md5`, password stored as an md5 hash. */
  readonly md5: PasswordRole;
  /** Stop the server and delete its files. */
  stop(): Promise<void>;
}

const DATABASE = 'pum_password_auth';
const SCRAM_USER = 'pum_scram_user';
const MD5_USER = 'pum_md5_user';

/** The pg_hba.conf rules put before the trust rules: only these roles, from anywhere. */
function passwordRules(): string[] {
  return [
    `local all ${SCRAM_USER} scram-sha-256`,
    `host all ${SCRAM_USER} all scram-sha-256`,
    `local all ${MD5_USER} md5`,
    `host all ${MD5_USER} all md5`,
  ];
}

/** Wait until the reloaded rules apply: `user` without a password is asked for one. */
async function waitForPasswordRule(host: string, port: number, user: string): Promise<void> {
  const asked = new Error('asked for a password');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({
      host,
      port,
      user,
      database: DATABASE,
      password: () => {
        throw asked;
      },
    });
    client.on('error', () => {});
    const outcome = await client.connect().then(
      () => 'trusted',
      (error: unknown) => (error === asked ? 'asked' : error),
    );
    await client.end().catch(() => {});
    if (outcome === 'asked') return;
    if (outcome !== 'trusted') throw outcome;
    if (Date.now() > deadline) {
      throw new TestPostgresError('PUM_TEST_PG_START_FAILED', `pg_hba.conf reload not applied for ${user}`);
    }
    // The postmaster re-reads pg_hba.conf after SIGHUP on its own schedule: poll its state.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Start a server of its own (never `PUM_TEST_DATABASE_URL`'s: its authentication rules change)
 * with a SCRAM role and an md5 role, each with a random password, and a database for them.
 *
 * @throws {TestPostgresError} as {@link startPostgres}, or `PUM_TEST_PG_START_FAILED` when the
 *   rules cannot be written or do not apply.
 * @example
 * ```ts
 * const auth = await startPasswordAuthServer();
 * const url = `postgresql://${auth.scram.user}@${auth.host}:${auth.port}/${auth.database}`; // needs the password
 * await auth.stop();
 * ```
 */
export async function startPasswordAuthServer(
  options: { logger?: ((line: string) => void) | undefined } = {},
): Promise<PasswordAuthServer> {
  const server = await startPostgres({ ownServer: true, logger: options.logger });
  try {
    const scram = { user: SCRAM_USER, password: `scram ${randomBytes(6).toString('hex')} é:\\'` };
    const md5 = { user: MD5_USER, password: `md5 ${randomBytes(6).toString('hex')}` };
    await withClient(server.url, async (client) => {
      await client.query(`SET password_encryption = 'scram-sha-256'`);
      await client.query(
        `CREATE ROLE ${quoteIdent(scram.user)} LOGIN PASSWORD ${quoteLiteral(scram.password)}`,
      );
      await client.query(`SET password_encryption = 'md5'`);
      await client.query(`CREATE ROLE ${quoteIdent(md5.user)} LOGIN PASSWORD ${quoteLiteral(md5.password)}`);
      await client.query(`CREATE DATABASE ${quoteIdent(DATABASE)} OWNER ${quoteIdent(scram.user)}`);
      const { rows } = await client.query<{ hba_file: string; rules: string }>(
        'SELECT current_setting($1) AS hba_file, pg_read_file(current_setting($1)) AS rules',
        ['hba_file'],
      );
      const { hba_file: hbaFile, rules } = rows[0] as { hba_file: string; rules: string };
      // Only the rules (no comments, no blank lines): COPY's text format then writes them verbatim.
      const kept = rules.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
      const lines = [...passwordRules(), ...kept].map((line) => line.replaceAll('\t', ' '));
      await client.query(
        `COPY (SELECT unnest(${quoteLiteral(`{${lines.map((l) => JSON.stringify(l)).join(',')}}`)}::text[])) TO ${quoteLiteral(hbaFile)}`,
      );
      const errors = await client.query<{ error: string }>(
        'SELECT line_number || $1 || error AS error FROM pg_hba_file_rules WHERE error IS NOT NULL',
        [': '],
      );
      if (errors.rows.length > 0) {
        throw new TestPostgresError(
          'PUM_TEST_PG_START_FAILED',
          `pg_hba.conf rejected: ${errors.rows.map((r) => r.error).join('; ')}`,
        );
      }
      await client.query('SELECT pg_reload_conf()');
    });
    await withClient(databaseUrl(server.url, DATABASE), async (client) => {
      await client.query(`GRANT ALL ON SCHEMA public TO ${quoteIdent(md5.user)}`);
    });
    const url = new URL(server.url);
    const host = url.hostname;
    const port = Number(url.port);
    await waitForPasswordRule(host, port, scram.user);
    await waitForPasswordRule(host, port, md5.user);
    return { server, host, port, database: DATABASE, scram, md5, stop: () => server.stop() };
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
}
