import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { EXIT_CODE_SEVERITY, runExitCode, worstExitCode } from './worst-exit-code.js';

describe('the exit code of several databases', () => {
  it('ranks every exit code once', () => {
    expect(new Set(EXIT_CODE_SEVERITY).size).toBe(Object.keys(ExitCode).length);
    expect(new Set(EXIT_CODE_SEVERITY)).toEqual(new Set(Object.values(ExitCode)));
  });

  it('is the worst of theirs', () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([0, 6, 0])).toBe(6);
    expect(worstExitCode([6, 2, 4])).toBe(4);
    expect(worstExitCode([5, 4, 8, 0])).toBe(8);
    expect(worstExitCode([130, 70, 5])).toBe(70);
  });

  it('never says nothing was changed when a database was upgraded', () => {
    expect(runExitCode([0, 2], true)).toBe(ExitCode.ChangedThenFailed);
    expect(runExitCode([0, 6], true)).toBe(ExitCode.ChangedThenFailed);
    expect(runExitCode([0, 2], false)).toBe(ExitCode.Usage);
    expect(runExitCode([0, 5, 2], true)).toBe(ExitCode.SqlFailed);
    expect(runExitCode([0, 0], true)).toBe(ExitCode.Ok);
  });
});
