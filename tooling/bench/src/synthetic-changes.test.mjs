// @ts-check
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticChanges } from './synthetic-changes.mjs';
import { syntheticSchemaBatches } from './synthetic-schema.mjs';

test('changes one table in a hundred and counts one difference per statement', () => {
  const { sql, changedTables, expected } = syntheticChanges({ tables: 10_000 });
  assert.equal(changedTables, 100);
  const statements = sql.split('\n').filter((line) => /^(ALTER|DROP|CREATE|COMMENT)/.test(line)).length;
  const differences = Object.values(expected).reduce((sum, k) => sum + k.added + k.removed + k.changed, 0);
  assert.equal(differences, statements);
  assert.deepEqual(expected.columns, { added: 50, removed: 0, changed: 50 });
});

test('touches only objects the schema has', () => {
  const schema = syntheticSchemaBatches({ tables: 1000 }).join('\n');
  const { sql } = syntheticChanges({ tables: 1000 });
  for (const [, name = ''] of sql.matchAll(
    /^(?:DROP INDEX|CREATE OR REPLACE VIEW|ALTER TABLE) ([^\s;]+)/gm,
  )) {
    const short = name.slice(name.indexOf('.') + 1);
    assert.ok(schema.includes(`${name} `) || schema.includes(`${short} ON`), `${name} exists`);
  }
});
