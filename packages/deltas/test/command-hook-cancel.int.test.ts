/**
 * Cancelling a run while a `command:` hook runs a query: the hook is interrupted as Ctrl-C in a
 * terminal would (SIGINT to its process group), so psql cancels its query on the server and the
 * session ends — a killed psql would leave the query running with its locks.
 */
import { childEnvironment, resolveConnection } from '@pum/connect';
import type { PumError } from '@pum/core';
import { sessionEnded, statementRunning, useTestDatabase } from '@pum/test-postgres';
import { describe, expect, it } from 'vitest';
import { applyDeltas, loadPum1Module } from '../src/index.js';
import { schemaNames } from './helpers.js';
import { writeTree } from './module-tree.js';

const db = useTestDatabase();
const names = schemaNames('cmdcancel');
const hookEnvironment = () => childEnvironment(resolveConnection(db.url), { PATH: process.env.PATH });

/** A module whose create hook is `command`, running a long query through psql. */
function module(schema: string, command: string): string {
  return writeTree({
    '.pum.yaml': `pum:
  module: ${schema}
  migration_table_schema: ${schema}
application:
  create:
    - command: ${command}
`,
    'changelogs/1.0.0/01_schema.sql': `CREATE SCHEMA IF NOT EXISTS ${schema};`,
  });
}

describe('cancelling a run during a command hook', () => {
  for (const form of ['argv', 'shell line'] as const) {
    it(`psql started as ${form}: PUM_ABORTED, and its query and session end on the server`, async () => {
      const client = await db.connect();
      const watcher = await db.connect();
      const { schema } = names();
      const query = `SELECT pg_sleep(600) /* ${schema} command hook */`;
      const command = form === 'argv' ? `[psql, -X, -c, "${query}"]` : `psql -X -c "${query}" && echo done`;
      const controller = new AbortController();
      const run = applyDeltas(client, loadPum1Module(module(schema, command)), {
        commandEnvironment: hookEnvironment(),
        signal: controller.signal,
      }).then(
        () => undefined,
        (e: unknown) => e as PumError,
      );
      const pid = await statementRunning(watcher, query);
      controller.abort();
      const error = await run;
      expect(error?.code).toBe('PUM_ABORTED');
      // Well before the kill that follows the grace period: psql sent a cancel.
      await sessionEnded(watcher, pid);
    }, 60_000);
  }
});
