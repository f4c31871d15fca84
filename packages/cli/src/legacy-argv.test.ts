import { describe, expect, it } from 'vitest';
import { asksForVersion, normaliseLegacyArgv } from './legacy-argv.js';

const commands = new Set(['upgrade', 'check', 'install', 'test-and-upgrade']);

describe('normaliseLegacyArgv', () => {
  it("rewrites PUM 0.x's multi-letter options after the command", () => {
    expect(normaliseLegacyArgv(['check', '-p1', 'a', '-p2', 'b', '-v', '2'], commands)).toEqual([
      'check',
      '--pg_service1',
      'a',
      '--pg_service2',
      'b',
      '-v',
      '2',
    ]);
    expect(normaliseLegacyArgv(['upgrade', '-p', 's', '-vv'], commands)).toEqual([
      'upgrade',
      '-p',
      's',
      '--verbose',
    ]);
  });

  it('leaves -vv before the command as verbosity (PUM 1.x), and what follows --', () => {
    expect(normaliseLegacyArgv(['-vv', '-p', 'tww', 'install', '-p', 'SRID', '2056'], commands)).toEqual([
      '-vv',
      '-p',
      'tww',
      'install',
      '-p',
      'SRID',
      '2056',
    ]);
    expect(normaliseLegacyArgv(['-vv'], commands)).toEqual(['-vv']);
    expect(normaliseLegacyArgv(['check', '--', '-p1'], commands)).toEqual(['check', '--', '-p1']);
  });
});

describe('asksForVersion', () => {
  it('is -v, -V or --version alone', () => {
    expect(asksForVersion(['-v'])).toBe(true);
    expect(asksForVersion(['--version'])).toBe(true);
    expect(asksForVersion(['-v', 'info'])).toBe(false);
    expect(asksForVersion(['-vvv'])).toBe(false);
    expect(asksForVersion([])).toBe(false);
  });
});
