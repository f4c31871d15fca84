import { describe, expect, it } from 'vitest';
import { formatLocation, lineLocator, positionOf } from './position.js';

describe('positionOf', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['abc', 3, 1, 4],
    ['a\nb', 2, 2, 1],
    ['a\r\nb', 3, 2, 1],
    ['a\r\nb', 2, 1, 3],
    ['a\rb', 2, 2, 1],
    ['a\n\nb', 3, 3, 1],
    ['\uFEFFab', 1, 1, 1],
    ['\uFEFFab', 2, 1, 2],
    ['\uFEFF', 0, 1, 1],
    ['😀x', 2, 1, 2],
    ['é😀\n😀y', 6, 2, 2],
  ])('in %j, offset %i is line %i, column %i', (text, offset, line, column) => {
    expect(positionOf(text, offset)).toEqual({ line, column });
  });

  it('clamps offsets outside the text', () => {
    expect(positionOf('ab\nc', 99)).toEqual({ line: 2, column: 2 });
    expect(positionOf('ab', -5)).toEqual({ line: 1, column: 1 });
  });

  it('agrees with a locator built once', () => {
    const text = 'x\r\ny\rz\n\nlast 😀 line';
    const locate = lineLocator(text);
    for (let offset = 0; offset <= text.length; offset++) {
      expect(locate(offset)).toEqual(positionOf(text, offset));
    }
  });
});

describe('formatLocation', () => {
  it('writes file:line:column, or words without a file', () => {
    expect(formatLocation('a.sql', { line: 2, column: 5 })).toBe('a.sql:2:5');
    expect(formatLocation(undefined, { line: 2, column: 5 })).toBe('line 2, column 5');
    expect(formatLocation('', { line: 1, column: 1 })).toBe('line 1, column 1');
  });
});
