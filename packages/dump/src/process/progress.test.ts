import { describe, expect, it } from 'vitest';
import { type DumpProgressEvent, ProgressCounter, parseVerboseLine } from './progress.js';

describe('parseVerboseLine', () => {
  it('reads table data lines of pg_dump and pg_restore', () => {
    expect(parseVerboseLine('pg_dump: dumping contents of table "app.pipes"')).toEqual({
      kind: 'table-data',
      table: 'app.pipes',
    });
    expect(parseVerboseLine('pg_restore: processing data for table "odd schema.my table"')).toEqual({
      kind: 'table-data',
      table: 'odd schema.my table',
    });
  });

  it('reads object creation lines', () => {
    expect(parseVerboseLine('pg_restore: creating TABLE "app.pipes"')).toEqual({
      kind: 'object',
      objectType: 'TABLE',
      name: 'app.pipes',
    });
    expect(parseVerboseLine('pg_restore: creating FK CONSTRAINT "app.a a_b_fkey"')).toEqual({
      kind: 'object',
      objectType: 'FK CONSTRAINT',
      name: 'app.a a_b_fkey',
    });
  });

  it('ignores everything else', () => {
    for (const line of [
      'pg_dump: reading extensions',
      'pg_restore: launching item 4258 TABLE DATA pipes',
      'pg_restore: error: could not execute query: ERROR:  x',
      'Command was: CREATE TABLE a (b int);',
    ]) {
      expect(parseVerboseLine(line)).toBeUndefined();
    }
  });
});

describe('ProgressCounter', () => {
  it('counts tables and passes the total on', () => {
    const events: DumpProgressEvent[] = [];
    const counter = new ProgressCounter('pg_restore', 2, (event) => events.push(event));
    counter.line('pg_restore: creating TABLE "a.b"');
    counter.line('pg_restore: processing data for table "a.b"');
    counter.line('pg_restore: processing data for table "a.c"');
    expect(counter.tables).toBe(2);
    expect(events).toEqual([
      { type: 'object', tool: 'pg_restore', objectType: 'TABLE', name: 'a.b' },
      { type: 'table-data', tool: 'pg_restore', table: 'a.b', done: 1, total: 2 },
      { type: 'table-data', tool: 'pg_restore', table: 'a.c', done: 2, total: 2 },
    ]);
  });
});
