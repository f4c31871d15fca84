// @ts-check
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPum0Module, splitStatements } from '@pum/deltas';
import {
  nodePgMigrateFileName,
  psqlScript,
  pum0FileName,
  syntheticDeltas,
  writeDeltas,
} from './synthetic-deltas.mjs';

test('counts what the deltas make: a schema, then a table every five files', () => {
  assert.deepEqual(syntheticDeltas(1).expected, { tables: 0, views: 0, indexes: 0, foreignKeys: 0, rows: 0 });
  assert.deepEqual(syntheticDeltas(6).expected, {
    tables: 1,
    views: 1,
    indexes: 2,
    foreignKeys: 0,
    rows: 20,
  });
  assert.deepEqual(syntheticDeltas(1000).expected, {
    tables: 200,
    views: 199,
    indexes: 400,
    foreignKeys: 199,
    rows: 4000,
  });
});

test('each delta says how many statements it holds', () => {
  for (const delta of syntheticDeltas(12).deltas) {
    assert.equal(splitStatements(delta.sql).length, delta.statements, delta.name);
  }
});

test('pum reads the PUM 0.x directory in the deltas’ order, and node-pg-migrate’s names sort the same', async () => {
  const root = await mkdtemp(join(tmpdir(), 'pum-bench-deltas-'));
  try {
    const { deltas } = syntheticDeltas(120);
    const paths = await writeDeltas(root, deltas);
    const module = loadPum0Module([paths.pum0Dir]);
    assert.deepEqual(
      module.files.map((f) => f.path),
      deltas.map((d) => `delta/${pum0FileName(d)}`),
    );
    const numbered = (await readdir(paths.nodePgMigrateDir)).sort();
    assert.deepEqual(
      numbered,
      deltas.map((d) => nodePgMigrateFileName(d, deltas.length)),
    );
    assert.equal(numbered[0], '0001_create_schema.sql');
    const script = await readFile(paths.psqlScript, 'utf8');
    assert.equal(script.match(/^\\i /gm)?.length, deltas.length);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('the psql script runs every file in its own transaction with a history row', () => {
  const { deltas } = syntheticDeltas(2);
  const lines = psqlScript(deltas, '/d').split('\n');
  const first = lines.indexOf('BEGIN;');
  assert.equal(lines[first + 1], "\\i '/d/delta_0.0.1_create_schema.sql'");
  assert.match(
    lines[first + 2] ?? '',
    /^INSERT INTO public\.psql_history .*'0\.0\.1', 'create_schema', .*'[0-9a-f]{64}', true\);$/,
  );
  assert.equal(lines[first + 3], 'COMMIT;');
  assert.equal(lines.filter((line) => line === 'COMMIT;').length, 2);
});

test('node-pg-migrate names are at least 4 digits wide, and as wide as the count needs', () => {
  const [delta] = syntheticDeltas(1).deltas;
  assert.ok(delta);
  assert.equal(nodePgMigrateFileName(delta, 1000), '0001_create_schema.sql');
  assert.equal(nodePgMigrateFileName(delta, 10_000), '00001_create_schema.sql');
});
