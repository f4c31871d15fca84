import { describe, expect, it } from 'vitest';
import { colorsFor } from './io.js';

const tty = { write: () => true, isTTY: true };
const pipe = { write: () => true, isTTY: false };
const coloured = (stream: typeof tty, env: Record<string, string>) => colorsFor(stream, env).red('x') !== 'x';

describe('colorsFor', () => {
  it('colours a terminal and not a pipe', () => {
    expect(coloured(tty, {})).toBe(true);
    expect(coloured(pipe, {})).toBe(false);
  });

  it('honours NO_COLOR when it is not empty', () => {
    expect(coloured(tty, { NO_COLOR: '1' })).toBe(false);
    expect(coloured(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('lets FORCE_COLOR win both ways', () => {
    expect(coloured(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(coloured(tty, { FORCE_COLOR: '0' })).toBe(false);
  });
});
