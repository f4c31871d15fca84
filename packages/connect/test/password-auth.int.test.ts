/**
 * @pum/connect against a server that really asks for passwords (issue 13, items 14 and 19): a
 * SCRAM-SHA-256 role and an md5 role on a throwaway server whose pg_hba.conf requires them. The
 * password comes from the URL, `.pgpass`, a service file or `PGPASSWORD`; when none is found
 * the error says where pum looked.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PasswordAuthServer, startPasswordAuthServer } from '@pum/test-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  guardedClientConfig,
  isMissingPasswordError,
  type ResolvedConnection,
  resolveConnection,
  withPassword,
} from '../src/index.js';

let auth: PasswordAuthServer;
let home: string;

beforeAll(async () => {
  auth = await startPasswordAuthServer();
  home = mkdtempSync(join(tmpdir(), 'pum-password-auth-'));
}, 180_000);
afterAll(async () => {
  await auth?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const pgpassField = (value: string) => value.replace(/[\\:]/g, '\\$&');
const url = (user: string, password?: string) =>
  `postgresql://${user}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@${auth.host}:${auth.port}/${auth.database}`;

/** Connect as the CLI does (guardedClientConfig): a missing password fails with missingPasswordError, never pg's fallbacks. */
async function connect(resolved: ResolvedConnection): Promise<{ user: string; method: string }> {
  const client = new pg.Client(guardedClientConfig(resolved));
  client.on('error', () => {});
  try {
    await client.connect();
    // The stored verifier says which handshake the server had to run.
    const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
    return { user: (rows[0] as { user: string }).user, method: resolved.sources.password ?? 'none' };
  } finally {
    await client.end().catch(() => {});
  }
}

describe('a server that requires SCRAM-SHA-256 and md5 (issue 13, item 19)', () => {
  it('stores the passwords as SCRAM and md5 and requires them by pg_hba.conf', async () => {
    const admin = new pg.Client({ connectionString: auth.server.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ rolname: string; kind: string }>(
        `SELECT rolname, split_part(rolpassword, '$', 1) AS kind FROM pg_authid WHERE rolname IN ($1, $2) ORDER BY rolname`,
        [auth.md5.user, auth.scram.user],
      );
      expect(rows).toEqual([
        { rolname: auth.md5.user, kind: expect.stringMatching(/^md5/) },
        { rolname: auth.scram.user, kind: 'SCRAM-SHA-256' },
      ]);
      const rules = await admin.query<{ user_name: string[]; auth_method: string }>(
        `SELECT user_name, auth_method FROM pg_hba_file_rules WHERE type = 'host' ORDER BY line_number LIMIT 2`,
      );
      expect(rules.rows).toEqual([
        { user_name: [auth.scram.user], auth_method: 'scram-sha-256' },
        { user_name: [auth.md5.user], auth_method: 'md5' },
      ]);
    } finally {
      await admin.end();
    }
  });

  it('connects the SCRAM role with the password of the URL, and refuses a wrong one', async () => {
    const resolved = resolveConnection(url(auth.scram.user, auth.scram.password), { env: {}, homeDir: home });
    expect(await connect(resolved)).toEqual({ user: auth.scram.user, method: 'input' });
    const wrong = resolveConnection(url(auth.scram.user, 'not it'), { env: {}, homeDir: home });
    await expect(connect(wrong)).rejects.toMatchObject({ code: '28P01' });
  });

  it('connects the md5 role with PGPASSWORD', async () => {
    const resolved = resolveConnection(url(auth.md5.user), {
      env: { PGPASSWORD: auth.md5.password },
      homeDir: home,
    });
    expect(await connect(resolved)).toEqual({ user: auth.md5.user, method: 'environment' });
  });

  it('connects with the password of .pgpass (SCRAM and md5)', async () => {
    const dir = mkdtempSync(join(home, 'pgpass-'));
    const line = (role: { user: string; password: string }) =>
      `${auth.host}:${auth.port}:${auth.database}:${role.user}:${pgpassField(role.password)}`;
    writeFileSync(join(dir, '.pgpass'), `${line(auth.scram)}\n${line(auth.md5)}\n`);
    chmodSync(join(dir, '.pgpass'), 0o600);
    for (const role of [auth.scram, auth.md5]) {
      const resolved = resolveConnection(url(role.user), { env: {}, homeDir: dir });
      expect(resolved.passwordFile).toBe(join(dir, '.pgpass'));
      expect(await connect(resolved)).toEqual({ user: role.user, method: 'passfile' });
    }
  });

  it('connects with the password of a service file', async () => {
    const file = join(home, 'pg_service.conf');
    writeFileSync(
      file,
      `[auth]\nhost=${auth.host}\nport=${auth.port}\ndbname=${auth.database}\nuser=${auth.scram.user}\npassword=${auth.scram.password}\n`,
    );
    const resolved = resolveConnection('auth', { env: { PGSERVICEFILE: file }, homeDir: home });
    expect(await connect(resolved)).toEqual({ user: auth.scram.user, method: 'service' });
  });

  it('says where it looked when the server asks for a password and none was found (item 14)', async () => {
    const empty = mkdtempSync(join(home, 'empty-'));
    const resolved = resolveConnection(url(auth.scram.user), { env: {}, homeDir: empty });
    const failure = await connect(resolved).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isMissingPasswordError(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      `the server asked for a password for user ${auth.scram.user} at ${auth.host}:${auth.port}/${auth.database} and none was found; pum looked in: the URL, PGPASSWORD, password file ${join(empty, '.pgpass')}`,
    );
    expect(failure).toMatchObject({ code: 'PUM_AUTHENTICATION_FAILED' });
    // A password found later (the user typed it) connects.
    expect(await connect(withPassword(resolved, auth.scram.password))).toEqual({
      user: auth.scram.user,
      method: 'override',
    });
    expect(withPassword(resolved, auth.scram.password).childEnv.PGPASSWORD).toBe(auth.scram.password);
  });

  it('names the service file among the places looked in', async () => {
    const file = join(home, 'no-password.conf');
    writeFileSync(
      file,
      `[nopw]\nhost=${auth.host}\nport=${auth.port}\ndbname=${auth.database}\nuser=${auth.md5.user}\n`,
    );
    const resolved = resolveConnection('nopw', { env: { PGSERVICEFILE: file }, homeDir: home });
    await expect(connect(resolved)).rejects.toThrow(
      `pum looked in: service file ${file} (service "nopw"), PGPASSWORD, password file ${join(home, '.pgpass')}`,
    );
  });
});
