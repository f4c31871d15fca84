import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { findUser, unenterableDir } from './server-user.js';

const passwd = [
  'root:x:0:0:root:/root:/bin/bash',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  'postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash',
  '# comment',
  '',
].join('\n');

test('first listed user that exists wins', () => {
  expect(findUser(passwd, ['postgres', 'nobody'])).toEqual({ name: 'postgres', uid: 101, gid: 104 });
  expect(findUser(passwd, ['pgsql', 'nobody'])).toEqual({ name: 'nobody', uid: 65534, gid: 65534 });
  expect(findUser(passwd, ['pgsql'])).toBeUndefined();
});

test('the first directory another user may not enter', () => {
  const root = mkdtempSync(join(tmpdir(), 'pum-enter-'));
  try {
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'closed', 'inside'), { recursive: true });
    chmodSync(join(root, 'closed'), 0o700);
    const stranger = { name: 'stranger', uid: 4242, gid: 4242 };
    expect(unenterableDir(stranger, join(root, 'closed', 'inside', 'data'))).toBe(join(root, 'closed'));
    expect(unenterableDir(stranger, root)).toBeUndefined();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
