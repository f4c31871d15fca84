import { describe, expect, it } from 'vitest';
import { maskConnectionString } from './mask-connection-string.js';

describe('maskConnectionString', () => {
  it('masks the password of a URL, in the authority and in the query', () => {
    expect(maskConnectionString('postgresql://me:s3:cr%40t@db/qwat')).toBe('postgresql://me:****@db/qwat');
    expect(maskConnectionString('postgres://db/qwat?password=x&sslpassword=y&user=me')).toBe(
      'postgres://db/qwat?password=****&sslpassword=****&user=me',
    );
    expect(maskConnectionString('jdbc:postgresql://me:pw@db')).toBe('jdbc:postgresql://me:****@db');
  });

  it('masks a password holding a raw @, /, ? or # whole', () => {
    expect(maskConnectionString('postgresql://x:p@ss@h/db')).toBe('postgresql://x:****@h/db');
    expect(maskConnectionString('postgres://me:pa/ss@db/qwat?sslmode=require')).toBe(
      'postgres://me:****@db/qwat?sslmode=require',
    );
    expect(maskConnectionString('postgres://me:p?s#s@db/qwat')).toBe('postgres://me:****@db/qwat');
  });

  it('leaves URLs without password alone', () => {
    expect(maskConnectionString('postgresql://me@db:5432/x@y')).toBe('postgresql://me@db:5432/x@y');
    expect(maskConnectionString('postgresql://me@db:5432/qwat')).toBe('postgresql://me@db:5432/qwat');
  });

  it('masks conninfo passwords, quoted, escaped, unterminated', () => {
    expect(maskConnectionString("host=db password='it\\'s a secret' user=me")).toBe(
      'host=db password=**** user=me',
    );
    expect(maskConnectionString('password=a\\ b user=me')).toBe('password=**** user=me');
    expect(maskConnectionString("user=me password = 'unterminated")).toBe('user=me password = ****');
    expect(maskConnectionString('sslpassword=x oauth_client_secret=y')).toBe(
      'sslpassword=**** oauth_client_secret=****',
    );
  });

  it('does not touch keywords that merely end in "password"', () => {
    expect(maskConnectionString('mypassword=x')).toBe('mypassword=x');
  });
});
