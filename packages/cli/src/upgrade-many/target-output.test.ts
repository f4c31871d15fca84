import { describe, expect, it } from 'vitest';
import { prefixedLines } from './target-output.js';

describe('prefixedLines', () => {
  it('passes whole lines on, each prefixed, and the rest when finished', () => {
    const written: string[] = [];
    const out = prefixedLines({ write: (text: string) => written.push(text) }, '[a] ');
    out.write('upgrading');
    expect(written).toEqual([]);
    out.write(' db\n  ✓ one\n  ✓ tw');
    out.write('o');
    out.finish();
    out.write('late\n');
    expect(written.join('')).toBe('[a] upgrading db\n[a]   ✓ one\n[a]   ✓ two\n');
  });
});
