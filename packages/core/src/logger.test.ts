import { describe, expect, it } from 'vitest';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';

describe('silentLogger', () => {
  it('accepts every level and cannot be altered', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      expect(silentLogger[level]('message', { field: 1 })).toBeUndefined();
    }
    expect(Object.isFrozen(silentLogger)).toBe(true);
  });

  it('is satisfied by console', () => {
    const logger: Logger = console;
    expect(typeof logger.warn).toBe('function');
  });
});
