import { expect, test } from 'vitest';
import { findUser } from './server-user.js';

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
