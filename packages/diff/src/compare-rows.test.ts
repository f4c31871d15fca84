import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRows, type DataRow } from './compare-rows.js';
import { compareUtf8 } from './compare-utf8.js';
import { diffSnapshots } from './diff-snapshots.js';
import { formatHtml } from './format-html.js';
import { formatText } from './format-text.js';
import { isEmptyDiff } from './report.js';
import { emptySnapshot } from './snapshot-builder.test-helper.js';

async function* rows(list: [string, string][]): AsyncGenerator<DataRow> {
  for (const [key, row] of list) yield { key, row };
}

describe('compareUtf8', () => {
  it('agrees with UTF-8 byte order (COLLATE "C") for any strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const expected = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
        return Math.sign(compareUtf8(a, b)) === expected;
      }),
      { numRuns: 5000 },
    );
  });

  it('puts characters above U+FFFF after U+E000-U+FFFF, unlike "<"', () => {
    expect('😀' < '\uFFFD').toBe(true);
    expect(compareUtf8('😀', '\uFFFD')).toBeGreaterThan(0);
    expect(compareUtf8('ab', 'abc')).toBeLessThan(0);
    expect(compareUtf8('x', 'x')).toBe(0);
  });
});

describe('compareRows', () => {
  it('counts added, removed and changed rows by key, keeping the first samples', async () => {
    const result = await compareRows(
      'vl.status',
      'primary key',
      rows([
        ['(1)', '(1,a)'],
        ['(2)', '(2,b)'],
        ['(4)', '(4,d)'],
        ['(5)', '(5,e)'],
      ]),
      rows([
        ['(1)', '(1,a)'],
        ['(2)', '(2,B)'],
        ['(3)', '(3,c)'],
        ['(5)', '(5,E)'],
        ['(6)', '(6,f)'],
      ]),
      { limit: 1 },
    );
    expect(result).toEqual({
      table: 'vl.status',
      mode: 'primary key',
      fromRows: 4,
      toRows: 5,
      added: 2,
      removed: 1,
      changed: 2,
      samples: {
        added: ['(3,c)'],
        removed: ['(4,d)'],
        changed: [{ key: '(2)', from: '(2,b)', to: '(2,B)' }],
      },
    });
  });

  it('compares tables without a primary key as multisets', async () => {
    const result = await compareRows(
      'public.log',
      'multiset',
      rows([
        ['(a)', '(a)'],
        ['(a)', '(a)'],
        ['(b)', '(b)'],
      ]),
      rows([
        ['(a)', '(a)'],
        ['(b)', '(b)'],
        ['(b)', '(b)'],
      ]),
    );
    expect(result).toMatchObject({
      added: 1,
      removed: 1,
      changed: 0,
      samples: { added: ['(b)'], removed: ['(a)'] },
    });
  });

  it('gives the counts of a reference computation for random sorted inputs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 3 }),
        async (left, right, salt) => {
          const key = (n: number) => `(${n})`;
          const sortKeys = (list: number[]) => [...list].sort((x, y) => compareUtf8(key(x), key(y)));
          const row = (n: number, side: number) => `(${n},${n % 4 === salt ? side : 0})`;
          const result = await compareRows(
            't',
            'primary key',
            rows(sortKeys(left).map((n) => [key(n), row(n, 1)])),
            rows(sortKeys(right).map((n) => [key(n), row(n, 2)])),
            { limit: 1000 },
          );
          const both = left.filter((n) => right.includes(n));
          expect(result.removed).toBe(left.length - both.length);
          expect(result.added).toBe(right.length - both.length);
          expect(result.changed).toBe(both.filter((n) => n % 4 === salt).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      compareRows('t', 'multiset', rows([['a', 'a']]), rows([]), { signal: controller.signal }),
    ).rejects.toThrow();
  });
});

describe('data in reports', () => {
  it('makes a report non-empty and shows in text and HTML', async () => {
    const report = diffSnapshots(emptySnapshot(), emptySnapshot());
    expect(isEmptyDiff(report)).toBe(true);
    report.data.push(
      await compareRows('vl.status', 'primary key', rows([['(1)', '(1,a)']]), rows([['(1)', '(1,<b>)']])),
    );
    expect(isEmptyDiff(report)).toBe(false);
    const text = formatText(report);
    expect(text).toContain('from → to: no differences; rows differ in 1 of 1 tables');
    expect(text).toContain(
      'data vl.status (primary key, 1 → 1 rows: 1 changed)\n  ~ (1)\n      - (1,a)\n      + (1,<b>)',
    );
    expect(formatHtml(report)).toContain('<td class="to"><pre>(1,&#60;b&#62;)</pre></td>');
  });
});
