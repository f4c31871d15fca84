import { describe, expect, it } from 'vitest';
import { fileMessage, fitsOneMessage, placeError } from './file-message.js';

describe('fileMessage', () => {
  it('frames the file so that a trailing comment or a missing semicolon cannot swallow what follows', () => {
    const sql = 'CREATE TABLE t (id int) -- no semicolon';
    const message = fileMessage(sql, 'CREATE TABLE IF NOT EXISTS h (…);\n', 'INSERT INTO h …');
    expect(message.text).toBe(
      'BEGIN;\nCREATE TABLE t (id int) -- no semicolon\n;\nCREATE TABLE IF NOT EXISTS h (…);\nINSERT INTO h …;\nCOMMIT;',
    );
    expect(message.text.slice(message.fileStart, message.fileEnd)).toBe(sql);
    expect(message.ours).toEqual(['CREATE TABLE IF NOT EXISTS h (…);\n', 'INSERT INTO h …']);
    expect(fileMessage(sql, '', 'INSERT INTO h …').ours).toEqual(['INSERT INTO h …']);
  });
});

describe('placeError', () => {
  const sql = 'SELECT 1;\nSELECT nope;';
  const message = fileMessage(sql, '', 'INSERT INTO h …');

  it('makes the position of an error in the file relative to the file', () => {
    const error = { position: String(message.fileStart + sql.indexOf('nope') + 1) };
    expect(placeError(error, message)).toBe('file');
    expect(error.position).toBe(String(sql.indexOf('nope') + 1));
  });

  it('tells errors elsewhere in the message, and errors without a position', () => {
    for (const offset of [0, message.fileEnd, message.fileEnd + 2, message.text.length]) {
      const error = { position: String(offset + 1) };
      expect(placeError(error, message)).toBe('elsewhere');
      expect(error.position).toBe(String(offset + 1));
    }
    expect(placeError({}, message)).toBe('none');
    expect(placeError(new Error('no position'), message)).toBe('none');
  });
});

describe('fitsOneMessage', () => {
  it('takes SQL in a transaction of ours that ends outside parentheses and BEGIN ATOMIC bodies', () => {
    expect(fitsOneMessage({ kind: 'transaction', statements: [], endsOpen: false })).toBe(true);
    expect(fitsOneMessage({ kind: 'transaction', statements: [], endsOpen: true })).toBe(false);
    expect(fitsOneMessage({ kind: 'self', statements: [] })).toBe(false);
    expect(fitsOneMessage({ kind: 'statements', statements: [] })).toBe(false);
    expect(fitsOneMessage({ kind: 'code' })).toBe(false);
  });
});
