import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(api).sort()).toEqual([
      'childEnvironment',
      'connectionKeywords',
      'defaultSysconfDirs',
      'guardedClientConfig',
      'isMissingPasswordError',
      'maskConnectionString',
      'missingPasswordError',
      'nodeFileSystem',
      'parseConnectionString',
      'resolveConnection',
      'toConninfo',
      'withPassword',
    ]);
  });
});
