import { expect, test } from 'vitest';
import { commandLine } from './nested-run.js';

test('commands are shown as a shell would take them', () => {
  expect(commandLine(['check', 'postgres://u@h:5432/db', '--param', 'SRID=2056'])).toBe(
    'pum check postgres://u@h:5432/db --param SRID=2056',
  );
  expect(commandLine(['--dir', "/my files/it's"])).toBe("pum --dir '/my files/it'\\''s'");
});
