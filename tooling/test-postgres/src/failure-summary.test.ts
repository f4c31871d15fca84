import { expect, test } from 'vitest';
import { errorLine, formatFailures, MESSAGE_LENGTH } from './failure-summary.js';

test('an error on one line: its name unless plain Error, its first line, cut when long', () => {
  expect(
    errorLine({ name: 'AssertionError', message: 'expected 556 to be >= 1000\n- Expected\n+ Received' }),
  ).toBe('AssertionError: expected 556 to be >= 1000');
  expect(errorLine({ name: 'Error', message: 'Test timed out in 5000ms.' })).toBe(
    'Test timed out in 5000ms.',
  );
  expect(errorLine(undefined)).toBe('failed without an error message');
  const long = errorLine({ message: 'x'.repeat(1000) });
  expect(long).toHaveLength(MESSAGE_LENGTH);
  expect(long.endsWith('…')).toBe(true);
});

test('failures of several packages under one heading, the rest counted past the limit', () => {
  expect(
    formatFailures([{ package: '@pum/core', failures: [] }, { package: '@pum/dump' }], 'all packages'),
  ).toEqual([]);
  const reports = [
    {
      package: '@pum/cli',
      failures: [
        { file: 'test/a.int.test.ts', name: 'a > b', message: 'Error: boom' },
        { file: 'test/c.int.test.ts', name: '', message: 'SyntaxError: bad' },
      ],
    },
    { package: '@pum/diff', failures: [{ file: '', name: '', message: 'unhandled' }] },
  ];
  expect(formatFailures(reports, 'PostgreSQL 14')).toEqual([
    'Failed: PostgreSQL 14, 3 tests',
    '  @pum/cli test/a.int.test.ts > a > b',
    '    Error: boom',
    '  @pum/cli test/c.int.test.ts',
    '    SyntaxError: bad',
    '  @pum/diff outside any test',
    '    unhandled',
  ]);
  expect(formatFailures(reports, 'PostgreSQL 14', 1)).toEqual([
    'Failed: PostgreSQL 14, 3 tests',
    '  @pum/cli test/a.int.test.ts > a > b',
    '    Error: boom',
    "  … and 2 more (see each package's output above)",
  ]);
});
