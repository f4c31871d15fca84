// @ts-check
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntheticSchemaBatches, syntheticSchemaCounts } from './synthetic-schema.mjs';

/** How often `pattern` occurs in all batches. */
const occurrences = (/** @type {string[]} */ batches, /** @type {RegExp} */ pattern) =>
  batches.join('\n').match(pattern)?.length ?? 0;

test('makes what syntheticSchemaCounts says, in batches of batchSize tables', () => {
  const options = { tables: 1234, batchSize: 500 };
  const batches = syntheticSchemaBatches(options);
  const counts = syntheticSchemaCounts(options);
  assert.equal(batches.length, 1 + 3);
  assert.equal(occurrences(batches, /^CREATE SCHEMA /gm), counts.schemas);
  assert.equal(occurrences(batches, /^CREATE TABLE /gm), counts.tables);
  assert.equal(occurrences(batches, /^CREATE VIEW /gm), counts.views);
  assert.equal(occurrences(batches, /^CREATE FUNCTION /gm), counts.functions);
  assert.equal(occurrences(batches, /^CREATE TRIGGER /gm), counts.triggers);
  assert.equal(occurrences(batches, /^CREATE TYPE .* AS ENUM/gm), counts.enums);
  assert.equal(occurrences(batches, /^CREATE DOMAIN /gm), counts.domains);
  assert.equal(occurrences(batches, /FOREIGN KEY/g), counts.tables);
});

test('has a geometry column only with PostGIS', () => {
  assert.equal(occurrences(syntheticSchemaBatches({ tables: 10 }), /geometry\(Point, 2056\)/g), 0);
  assert.equal(
    occurrences(syntheticSchemaBatches({ tables: 10, postgis: true }), /geometry\(Point, 2056\)/g),
    10,
  );
});

test('references only tables made before', () => {
  const sql = syntheticSchemaBatches({ tables: 60, schemas: 3 }).join('\n');
  for (const match of sql.matchAll(/REFERENCES (\S+) /g)) {
    assert.ok(sql.indexOf(`CREATE TABLE ${match[1]} (`) < (match.index ?? 0), `${match[1]} exists first`);
  }
});
