import { describe, expect, it, vi } from 'vitest';
import { isPumError, PumError, PumErrorCode } from './errors.js';

describe('PumError', () => {
  it('carries a stable code, a message, a hint, details and its cause', () => {
    const cause = new Error('socket closed');
    const error = new PumError(PumErrorCode.ConnectionFailed, 'cannot reach db.example:5432', {
      cause,
      hint: 'is the server running?',
      details: { host: 'db.example' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PumError');
    expect(error.code).toBe('PUM_CONNECTION_FAILED');
    expect(error.message).toBe('cannot reach db.example:5432');
    expect(error.hint).toBe('is the server running?');
    expect(error.details).toEqual({ host: 'db.example' });
    expect(error.cause).toBe(cause);
  });

  it('has no cause, hint or details unless given', () => {
    const error = new PumError(PumErrorCode.InvalidArgument, 'bad');
    expect('cause' in error).toBe(false);
    expect(error.hint).toBeUndefined();
    expect(error.details).toEqual({});
  });

  it('keeps every code unique and prefixed', () => {
    const codes = Object.values(PumErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^PUM_[A-Z_]+$/);
  });

  it('can be subclassed and still be recognised', () => {
    class LockError extends PumError {
      constructor() {
        super(PumErrorCode.LockTimeout, 'locked');
      }
    }
    expect(isPumError(new LockError())).toBe(true);
  });
});

describe('isPumError', () => {
  it('recognises a PumError', () => {
    expect(isPumError(new PumError(PumErrorCode.SqlError, 'x'))).toBe(true);
  });

  it('recognises an error made by another installed copy of @pum/core', async () => {
    // A fresh module graph gives a second, separate copy of the class, as when two versions
    // of @pum/core are installed side by side.
    vi.resetModules();
    const other = await import('./errors.js');
    expect(other.PumError).not.toBe(PumError);
    const foreign = new other.PumError(other.PumErrorCode.LockTimeout, 'held by pid 42');
    expect(foreign instanceof PumError).toBe(false);
    expect(isPumError(foreign)).toBe(true);
    expect(other.isPumError(new PumError(PumErrorCode.LockTimeout, 'x'))).toBe(true);
  });

  it('rejects look-alikes and non-errors', () => {
    expect(isPumError(new Error('x'))).toBe(false);
    expect(isPumError({ code: 'PUM_SQL_ERROR', message: 'x' })).toBe(false);
    expect(isPumError(null)).toBe(false);
    expect(isPumError(undefined)).toBe(false);
    expect(isPumError('PUM_SQL_ERROR')).toBe(false);
  });
});
