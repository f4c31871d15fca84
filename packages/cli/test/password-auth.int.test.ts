/**
 * `pum` against a server that asks for passwords (issue 13, items 14 and 19): a SCRAM-SHA-256 role
 * and an md5 role required by pg_hba.conf. A missing password is one clear line saying where pum
 * looked (exit 2, no "is the server running?"); `.pgpass`, a service file and `PGPASSWORD` work;
 * on a terminal pum asks for the password without echo, as psql does, and retries once.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PasswordAuthServer, startPasswordAuthServer } from '@pum/test-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/pum.js');
let auth: PasswordAuthServer;
let home: string;
/** No password anywhere but where a test puts one (empty values count as unset, as in libpq). */
let env: Record<string, string>;

beforeAll(async () => {
  auth = await startPasswordAuthServer();
  home = mkdtempSync(join(tmpdir(), 'pum-cli-password-'));
  env = { HOME: home, PGPASSWORD: '', PGPASSFILE: '', PGSERVICE: '', PGSERVICEFILE: '' };
}, 180_000);
afterAll(async () => {
  await auth?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const url = (user: string) => `postgresql://${user}@${auth.host}:${auth.port}/${auth.database}`;

describe('pum and password authentication', () => {
  it('names the places it looked when the server asks for a password and none was found', async () => {
    const result = await pum(['snapshot', url(auth.scram.user)], { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(
      `error the server asked for a password for user ${auth.scram.user} at ${auth.host}:${auth.port}/${auth.database} and none was found; pum looked in: the URL, PGPASSWORD, password file ${join(home, '.pgpass')} (PUM_AUTHENTICATION_FAILED)`,
    );
    expect(result.stderr).not.toMatch(/SASL|is the server running|\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('says the same for the md5 role, in --json too', async () => {
    const module = fileURLToPath(new URL('../../../examples/plain-network', import.meta.url));
    const failed = await pum(['info', '--db', url(auth.md5.user), '--dir', module, '--json'], { env });
    expect(failed.code, failed.stderr).toBe(2);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      command: 'info',
      exitCode: 2,
      error: { code: 'PUM_AUTHENTICATION_FAILED', details: { passwordMissing: true, user: auth.md5.user } },
    });
  });

  it('says the same for pum dump and pum restore, whose connections pg_dump opens, and writes no file', async () => {
    const backup = join(home, 'auth.backup');
    const dumped = await pum(['dump', '--db', url(auth.scram.user), backup], { env });
    expect(dumped.code, dumped.stderr).toBe(2);
    expect(dumped.stderr).toContain(
      `the server asked for a password for user ${auth.scram.user} at ${auth.host}:${auth.port}/${auth.database} and none was found; pum looked in: the URL, PGPASSWORD`,
    );
    expect(dumped.stderr).not.toMatch(/SASL|is the server running|\n\s+at /);
    expect(existsSync(backup)).toBe(false);
    writeFileSync(backup, 'PGDMP');
    const restored = await pum(['restore', '--db', url(auth.md5.user), backup], { env });
    expect(restored.code, restored.stderr).toBe(2);
    expect(restored.stderr).toContain(
      `the server asked for a password for user ${auth.md5.user} at ${auth.host}:${auth.port}/${auth.database} and none was found; pum looked in: the URL, PGPASSWORD`,
    );
    rmSync(backup);
  });

  it('uses the password of ~/.pgpass (SCRAM role)', async () => {
    writeFileSync(
      join(home, '.pgpass'),
      `${auth.host}:${auth.port}:${auth.database}:${auth.scram.user}:${auth.scram.password.replace(/[\\:]/g, '\\$&')}\n`,
    );
    chmodSync(join(home, '.pgpass'), 0o600);
    try {
      const result = await pum(['snapshot', url(auth.scram.user)], { env });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveProperty('formatVersion');
    } finally {
      rmSync(join(home, '.pgpass'));
    }
  });

  it('uses the password of a service file (SCRAM role)', async () => {
    const file = join(home, 'pg_service.conf');
    writeFileSync(
      file,
      `[auth]\nhost=${auth.host}\nport=${auth.port}\ndbname=${auth.database}\nuser=${auth.scram.user}\npassword=${auth.scram.password}\n`,
    );
    const result = await pum(['snapshot', 'auth'], { env: { ...env, PGSERVICEFILE: file } });
    expect(result.code, result.stderr).toBe(0);
  });

  it('uses PGPASSWORD (md5 role), and refuses a wrong password as a login failure', async () => {
    const ok = await pum(['snapshot', url(auth.md5.user)], {
      env: { ...env, PGPASSWORD: auth.md5.password },
    });
    expect(ok.code, ok.stderr).toBe(0);
    const wrong = await pum(['snapshot', url(auth.md5.user)], { env: { ...env, PGPASSWORD: 'not it' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error cannot log in to .*password authentication failed/m);
  });

  it('asks on a terminal without echo, as psql does, and connects with the answer', async () => {
    const output = join(home, 'prompted.json');
    const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const command = [process.execPath, bin, 'snapshot', url(auth.scram.user), '-o', output]
      .map(quote)
      .join(' ');
    // script(1) runs pum on a pseudo-terminal: stdin and stderr are a TTY there.
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    let answered = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      seen += text;
      // Answer once the prompt is there (raw mode is on by then), as a user would.
      if (!answered && seen.includes(`Password for user ${auth.scram.user}: `)) {
        answered = true;
        child.stdin.write(`${auth.scram.password}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(answered, seen).toBe(true);
    expect(code, seen).toBe(0);
    expect(seen).not.toContain(auth.scram.password);
    expect(existsSync(output)).toBe(true);
    expect(JSON.parse(readFileSync(output, 'utf8'))).toHaveProperty('formatVersion');
  });

  it('does not ask when stdin is not a terminal', async () => {
    const result = await pum(['snapshot', url(auth.scram.user)], { env });
    expect(result.stderr).not.toContain('Password for user');
    expect(result.code).toBe(2);
  });
});
