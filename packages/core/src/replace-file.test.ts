import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { replaceFile, temporaryBeside } from './replace-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pum-replace-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('writes a new file and leaves nothing else beside it', async () => {
  const target = join(dir, 'report.html');
  await replaceFile(target, (temporary) => writeFile(temporary, '<p>new</p>'));
  expect(readFileSync(target, 'utf8')).toBe('<p>new</p>');
  expect(readdirSync(dir)).toEqual(['report.html']);
});

test('a failing write leaves the old file whole and removes the temporary', async () => {
  const target = join(dir, 'reference.json');
  writeFileSync(target, '{"old":true}');
  const failure = replaceFile(target, async (temporary) => {
    await writeFile(temporary, '{"half":');
    throw new Error('disk full');
  });
  await expect(failure).rejects.toThrow('disk full');
  expect(readFileSync(target, 'utf8')).toBe('{"old":true}');
  expect(readdirSync(dir)).toEqual(['reference.json']);
});

test('the temporary is a hidden sibling, the content appears only at the rename', async () => {
  const target = join(dir, 'out.txt');
  writeFileSync(target, 'before');
  await replaceFile(target, async (temporary) => {
    expect(temporary.startsWith(join(dir, '.out.txt.pum-tmp-'))).toBe(true);
    await writeFile(temporary, 'after');
    expect(readFileSync(target, 'utf8')).toBe('before');
  });
  expect(readFileSync(target, 'utf8')).toBe('after');
});

test('keeps the permissions of the file it replaces', async () => {
  const target = join(dir, 'private.json');
  writeFileSync(target, 'old');
  chmodSync(target, 0o600);
  await replaceFile(target, (temporary) => writeFile(temporary, 'new'));
  expect(statSync(target).mode & 0o777).toBe(0o600);
});

test('writes through a symbolic link to the file it points to, the link kept', async () => {
  const real = join(dir, 'real.json');
  const link = join(dir, 'link.json');
  writeFileSync(real, 'old');
  symlinkSync(real, link);
  await replaceFile(link, (temporary) => writeFile(temporary, 'new'));
  expect(readFileSync(real, 'utf8')).toBe('new');
  expect(readFileSync(link, 'utf8')).toBe('new');
});

test('a missing directory fails without creating anything', async () => {
  const target = join(dir, 'missing', 'out.txt');
  await expect(replaceFile(target, (temporary) => writeFile(temporary, 'x'))).rejects.toThrow(/ENOENT/);
  expect(readdirSync(dir)).toEqual([]);
});

test('temporary names differ on every call', () => {
  expect(temporaryBeside('/a/b.json')).not.toBe(temporaryBeside('/a/b.json'));
});
