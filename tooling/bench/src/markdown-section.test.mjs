// @ts-check
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { replaceSection } from './markdown-section.mjs';

test('appends a section that is not there yet', () => {
  const text = replaceSection('# Benchmarks\n', 'introspect', '## Introspection\n\nnew');
  assert.equal(
    text,
    '# Benchmarks\n\n<!-- bench:introspect:start -->\n## Introspection\n\nnew\n<!-- bench:introspect:end -->\n',
  );
});

test('replaces only its own section', () => {
  const before = [
    '# Benchmarks',
    '<!-- bench:diff:start -->\ndiff\n<!-- bench:diff:end -->',
    '<!-- bench:introspect:start -->\nold\n<!-- bench:introspect:end -->',
    'tail',
  ].join('\n\n');
  const after = replaceSection(before, 'introspect', 'new');
  assert.equal(after, before.replace('\nold\n', '\nnew\n'));
});

test('keeps the hand-written notes of the section', () => {
  const notes = '<!-- bench:introspect:notes:start -->\nnotes\n<!-- bench:introspect:notes:end -->';
  const before = `<!-- bench:introspect:start -->\nold\n\n${notes}\n<!-- bench:introspect:end -->\n`;
  assert.equal(
    replaceSection(before, 'introspect', 'new'),
    `<!-- bench:introspect:start -->\nnew\n\n${notes}\n<!-- bench:introspect:end -->\n`,
  );
});
