import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from './memory-file-system.js';
import { findPassword, type PasswordTarget, readPasswordFile } from './pgpass.js';

const target: PasswordTarget = { hosts: ['db.example'], port: '5432', dbname: 'qwat', user: 'me' };

describe('findPassword', () => {
  it('returns the password of the first matching line', () => {
    const content = [
      'other:5432:qwat:me:no',
      'db.example:5432:qwat:me:first',
      'db.example:5432:qwat:me:second',
    ].join('\n');
    expect(findPassword(content, target)).toBe('first');
  });

  it('matches * as a whole field only', () => {
    expect(findPassword('*:*:*:*:any', target)).toBe('any');
    expect(findPassword('db.*:*:*:*:prefix\n*:*:*:*:any', target)).toBe('any');
    expect(findPassword('db.example:*:qwat:*:mixed', target)).toBe('mixed');
  });

  it('requires whole fields to match (no prefixes)', () => {
    expect(findPassword('db.example:54321:qwat:me:x', target)).toBeUndefined();
    expect(findPassword('db.example:5432:qwat:m:x', target)).toBeUndefined();
    expect(findPassword('db.exampl:5432:qwat:me:x', target)).toBeUndefined();
  });

  it('unescapes \\: and \\\\ in fields and in the password', () => {
    const escaped: PasswordTarget = { hosts: ['h'], port: '5432', dbname: 'a:b', user: 'c\\d' };
    expect(findPassword('h:5432:a\\:b:c\\\\d:p\\:w\\\\x', escaped)).toBe('p:w\\x');
  });

  it('matches a literal star written \\*', () => {
    const star: PasswordTarget = { hosts: ['h'], port: '5432', dbname: '*', user: 'u' };
    expect(findPassword('h:5432:\\*:u:pw', star)).toBe('pw');
    expect(findPassword('h:5432:\\*:u:pw', { ...star, dbname: 'x' })).toBeUndefined();
  });

  it('ends the password at an unescaped colon', () => {
    expect(findPassword('*:*:*:*:pw:trailing', target)).toBe('pw');
  });

  it('skips comments and blank lines, and handles CRLF', () => {
    expect(findPassword('# *:*:*:*:comment\r\n\r\n*:*:*:*:real\r\n', target)).toBe('real');
  });

  it('keeps hostile characters in passwords', () => {
    expect(findPassword(`*:*:*:*:it's; "x" é 🐘`, target)).toBe(`it's; "x" é 🐘`);
  });

  it('treats an empty password as none, and stops at it as libpq does', () => {
    expect(findPassword('*:*:*:*:\n*:*:*:*:later', target)).toBeUndefined();
  });

  it('matches any of several host names (socket directory and localhost)', () => {
    const socket: PasswordTarget = { ...target, hosts: ['/var/run/postgresql', 'localhost'] };
    expect(findPassword('localhost:5432:qwat:me:via-localhost', socket)).toBe('via-localhost');
    expect(findPassword('/var/run/postgresql:5432:qwat:me:via-path', socket)).toBe('via-path');
  });

  it('ignores lines with too few fields', () => {
    expect(findPassword('db.example:5432:qwat', target)).toBeUndefined();
  });
});

describe('readPasswordFile', () => {
  const path = '/home/me/.pgpass';

  it('ignores a missing or unreadable file', () => {
    expect(readPasswordFile(path, target, memoryFileSystem({}), true)).toEqual({ password: undefined });
    const failing = {
      readFile(): string {
        throw new Error('EACCES');
      },
    };
    expect(readPasswordFile(path, target, failing, true)).toEqual({ password: undefined });
  });

  it('reads a 0600 file', () => {
    const fs = memoryFileSystem({ [path]: { content: '*:*:*:*:pw', mode: 0o100600 } });
    expect(readPasswordFile(path, target, fs, true)).toEqual({ password: 'pw' });
  });

  it('ignores a file readable by group or others, with a warning', () => {
    const fs = memoryFileSystem({ [path]: { content: '*:*:*:*:pw', mode: 0o100644 } });
    const result = readPasswordFile(path, target, fs, true);
    expect(result.password).toBeUndefined();
    expect(result.warning).toBe(
      `password file "${path}" has group or world access; permissions should be u=rw (0600) or less; it was ignored`,
    );
  });

  it('ignores something that is not a plain file', () => {
    const fs = memoryFileSystem({ [path]: { content: '*:*:*:*:pw', mode: 0o010600 } });
    expect(readPasswordFile(path, target, fs, true).warning).toContain('is not a plain file');
  });

  it('skips the permission check when asked (Windows) or when modes are unknown', () => {
    const fs = memoryFileSystem({ [path]: { content: '*:*:*:*:pw', mode: 0o100666 } });
    expect(readPasswordFile(path, target, fs, false)).toEqual({ password: 'pw' });
    expect(readPasswordFile(path, target, { readFile: () => '*:*:*:*:pw' }, true)).toEqual({
      password: 'pw',
    });
  });
});
