import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectArchiveFormat } from './archive-format.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pum-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const at = path.join(dir, name);
  writeFileSync(at, content);
  return at;
}

describe('detectArchiveFormat', () => {
  it('tells the formats apart', () => {
    expect(detectArchiveFormat(file('a.backup', 'PGDMP\u0001\u000f'))).toBe('custom');
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    tar.write('toc.dat', 0, 'latin1');
    expect(detectArchiveFormat(file('a.tar', tar))).toBe('tar');
    mkdirSync(path.join(dir, 'd'));
    writeFileSync(path.join(dir, 'd', 'toc.dat'), 'PGDMP');
    expect(detectArchiveFormat(path.join(dir, 'd'))).toBe('directory');
  });

  it('reads SQL scripts as plain, after comments, a byte order mark and psql commands', () => {
    expect(detectArchiveFormat(file('dump.sql', '--\n-- PostgreSQL database dump\n--\n\nSET x = 1;\n'))).toBe(
      'plain',
    );
    expect(detectArchiveFormat(file('bom.sql', '\u00ef\u00bb\u00bf/* x */ create table t ();'))).toBe(
      'plain',
    );
    expect(detectArchiveFormat(file('restrict.sql', '\\restrict abc\nSELECT 1;'))).toBe('plain');
    expect(detectArchiveFormat(file('latin1.sql', Buffer.from('-- caf\u00e9\nSELECT 1;', 'latin1')))).toBe(
      'plain',
    );
  });

  it('refuses what is no dump, saying what is accepted', () => {
    const refused = (name: string, content: string | Buffer) => {
      try {
        detectArchiveFormat(file(name, content));
      } catch (error) {
        return error as { code: string; message: string; hint: string };
      }
      throw new Error(`${name} was accepted`);
    };
    expect(refused('empty', '')).toMatchObject({
      code: 'PUM_INVALID_FILE',
      message: expect.stringMatching(/empty \(0 bytes\)/),
    });
    expect(refused('blank.sql', '  \n-- only a comment\n')).toMatchObject({
      message: expect.stringMatching(/no SQL statement/),
    });
    expect(refused('zip', Buffer.from([0x50, 0x4b, 3, 4, 0, 0]))).toMatchObject({
      message: expect.stringMatching(/binary data/),
    });
    expect(refused('page.html', '<html></html>')).toMatchObject({
      message: expect.stringMatching(/starts with "<html><\/html>"/),
    });
    expect(refused('x.gz', Buffer.from([0x1f, 0x8b, 8, 0]))).toMatchObject({
      message: expect.stringMatching(/gzip/),
    });
    expect(refused('empty2', '').hint).toMatch(/custom .* directory .* tar .* plain SQL scripts/);
  });
});
