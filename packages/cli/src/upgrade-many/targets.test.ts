import { describe, expect, it } from 'vitest';
import { targetLines } from './targets.js';

describe('targetLines', () => {
  it('keeps one entry per line, with its line number; skips blank lines and # comments', () => {
    expect(
      targetLines('# utilities\n  qwat_a  \n\n\t# off: qwat_x\npostgresql://db/qwat_b\r\nhost=db dbname=c\n'),
    ).toEqual([
      { line: 2, text: 'qwat_a' },
      { line: 5, text: 'postgresql://db/qwat_b' },
      { line: 6, text: 'host=db dbname=c' },
    ]);
    expect(targetLines('\n# nothing\n')).toEqual([]);
  });
});
