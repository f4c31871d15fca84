import { describe, expect, it } from 'vitest';
import { compareToolVersions, parseToolVersion, serverMajorFromNum } from './tool-version.js';

describe('parseToolVersion', () => {
  it.each([
    ['pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n', { version: '15.18', major: 15, minor: 18 }],
    ['pg_restore (PostgreSQL) 17.2', { version: '17.2', major: 17, minor: 2 }],
    ['pg_dump (PostgreSQL) 18beta1\n', { version: '18beta1', major: 18, minor: 0 }],
    ['psql (PostgreSQL) 19devel', { version: '19devel', major: 19, minor: 0 }],
    ['pg_dump (PostgreSQL) 9.6.24', { version: '9.6.24', major: 9.6, minor: 24 }],
    ['pg_dump (PostgreSQL) 9.6', { version: '9.6', major: 9.6, minor: 0 }],
    ['pg_dump.exe (PostgreSQL) 16.4\r\n', { version: '16.4', major: 16, minor: 4 }],
  ])('reads %j', (output, expected) => {
    expect(parseToolVersion(output)).toEqual(expected);
  });

  it('returns undefined for anything else', () => {
    expect(parseToolVersion('')).toBeUndefined();
    expect(parseToolVersion('bash: pg_dump: command not found')).toBeUndefined();
  });
});

describe('serverMajorFromNum', () => {
  it('reads server_version_num', () => {
    expect(serverMajorFromNum(170002)).toBe(17);
    expect(serverMajorFromNum(150018)).toBe(15);
    expect(serverMajorFromNum(90624)).toBe(9.6);
    expect(serverMajorFromNum(100023)).toBe(10);
  });
});

describe('compareToolVersions', () => {
  const v = (text: string) => parseToolVersion(`pg_dump (PostgreSQL) ${text}`)!;
  it('orders by major, then minor, betas before releases', () => {
    const sorted = ['17.2', '9.6.24', '18beta1', '15.18', '15.9', '18.0'].map(v).sort(compareToolVersions);
    expect(sorted.map((x) => x.version)).toEqual(['9.6.24', '15.9', '15.18', '17.2', '18beta1', '18.0']);
  });
});
