import { PumError, PumErrorCode } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, reportError } from './error-boundary.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

function bufferIo(env: Record<string, string> = {}): CliIo & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (err += text) },
    env,
    cwd: '/',
    err: () => err,
  };
}

describe('reportError', () => {
  it('prints one line for a PumError, with its code and hint, and no stack', () => {
    const io = bufferIo();
    const code = reportError(
      new PumError(PumErrorCode.UnknownService, 'service "qwat_prod" not found', {
        hint: 'set PGSERVICEFILE',
      }),
      io,
    );
    expect(code).toBe(ExitCode.Usage);
    expect(io.err()).toBe(
      'error service "qwat_prod" not found (PUM_UNKNOWN_SERVICE)\nhint  set PGSERVICEFILE\n',
    );
    expect(io.err()).not.toMatch(/\bat /);
  });

  it('shows the failing SQL line with a caret under the server position', () => {
    const io = bufferIo();
    const statement = 'create table t (a int);\nselect nope from t;';
    const position = statement.indexOf('nope') + 1;
    const code = reportError(
      new PumError(PumErrorCode.SqlError, 'column "nope" does not exist', {
        details: { statement, position },
      }),
      io,
    );
    expect(code).toBe(ExitCode.SqlFailed);
    expect(io.err()).toContain('\n  select nope from t;\n         ^\n');
  });

  it('prints the stack of an unexpected error and asks for a report', () => {
    const io = bufferIo();
    const code = reportError(new TypeError('x is undefined'), io);
    expect(code).toBe(ExitCode.Internal);
    expect(io.err()).toContain('This is a bug');
    expect(io.err()).toContain('TypeError: x is undefined');
    expect(io.err()).toMatch(/\n\s+at /);
  });

  it('reports non-Error throws too', () => {
    const io = bufferIo();
    expect(reportError('boom', io)).toBe(ExitCode.Internal);
    expect(io.err()).toContain('boom');
  });

  it('colours only when asked', () => {
    const forced = bufferIo({ FORCE_COLOR: '1' });
    reportError(new PumError(PumErrorCode.InvalidArgument, 'bad'), forced);
    expect(forced.err()).toContain('\u001b[31merror');
    const plain = bufferIo({ FORCE_COLOR: '1', NO_COLOR: '1' });
    reportError(new PumError(PumErrorCode.InvalidArgument, 'bad'), { ...plain, env: { NO_COLOR: '1' } });
    expect(plain.err()).not.toContain('\u001b[');
  });
});

describe('reportError after an interrupt', () => {
  it('reports whatever stopped as an interruption (exit 130), not a bug', () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted by SIGINT'));
    const io = { ...bufferIo(), signal: controller.signal };
    let err = '';
    io.stderr = { write: (text: string) => (err += text) };
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(reportError(abort, io)).toBe(ExitCode.Interrupted);
    expect(err).toBe('interrupted This operation was aborted\n');
  });

  it('still reports an unexpected error as a bug when nothing was interrupted', () => {
    const io = bufferIo();
    expect(reportError(new TypeError('x is undefined'), io)).toBe(ExitCode.Internal);
    expect(io.err()).toMatch(/^internal error pum failed unexpectedly/);
  });
});

describe('exitCodeOf', () => {
  it.each([
    [PumErrorCode.InvalidArgument, ExitCode.Usage],
    [PumErrorCode.ConnectionFailed, ExitCode.Usage],
    [PumErrorCode.UnknownService, ExitCode.Usage],
    [PumErrorCode.ChecksumMismatch, ExitCode.Inconsistent],
    [PumErrorCode.SqlError, ExitCode.SqlFailed],
    [PumErrorCode.DeltaFailed, ExitCode.SqlFailed],
    [PumErrorCode.LockTimeout, ExitCode.Locked],
    [PumErrorCode.Aborted, ExitCode.Interrupted],
  ])('maps %s to %i', (code, exit) => {
    expect(exitCodeOf(new PumError(code, 'x'))).toBe(exit);
  });
});

describe('an error that changed something', () => {
  it('never exits with 2 ("nothing was changed") and lists what was changed', () => {
    const io = bufferIo();
    const error = new PumError(PumErrorCode.ExternalProgram, 'pg_restore failed', {
      changed: ['created table public.pipes', 'created table public.valves'],
    });
    expect(reportError(error, io)).toBe(ExitCode.ChangedThenFailed);
    expect(io.err()).toContain('changed before the failure (committed, not rolled back):');
    expect(io.err()).toContain('  - created table public.pipes\n  - created table public.valves');
  });

  it('keeps the specific code of a failed delta or an interrupt, and still lists what was changed', () => {
    const error = new PumError(PumErrorCode.DeltaFailed, 'hook failed', { changed: ['applied 1.0.0/a.sql'] });
    expect(exitCodeOf(error)).toBe(ExitCode.SqlFailed);
    expect(exitCodeOf(new PumError(PumErrorCode.Aborted, 'x', { changed: ['y'] }))).toBe(
      ExitCode.Interrupted,
    );
    const io = bufferIo();
    reportError(error, io);
    expect(io.err()).toContain('  - applied 1.0.0/a.sql');
  });

  it('exits 2 when the list is empty', () => {
    expect(exitCodeOf(new PumError(PumErrorCode.ExternalProgram, 'x', { changed: [] }))).toBe(ExitCode.Usage);
  });
});
