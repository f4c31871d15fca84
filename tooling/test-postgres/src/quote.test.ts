import { expect, test } from 'vitest';
import { quoteIdent } from './quote.js';

test('quoteIdent doubles inner double quotes', () => {
  expect(quoteIdent('plain')).toBe('"plain"');
  expect(quoteIdent('My "db"; drop')).toBe('"My ""db""; drop"');
});

test('quoteIdent rejects what PostgreSQL cannot take', () => {
  expect(() => quoteIdent('')).toThrow(TypeError);
  expect(() => quoteIdent('a\u0000b')).toThrow(TypeError);
});
