import { PumErrorCode } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { type DatabaseSession, databaseInUse, describeSession, onlyTransient } from './sessions.js';

const qgis: DatabaseSession = {
  pid: 4242,
  user: 'qgis',
  application: 'QGIS',
  clientAddress: '10.0.0.7',
  backendType: 'client backend',
  state: 'idle',
  since: '2025-01-01T08:00:00.000Z',
};

describe('sessions', () => {
  it('describes who is connected', () => {
    expect(describeSession(qgis)).toBe(
      'pid 4242, user "qgis", application "QGIS", from 10.0.0.7, idle since 2025-01-01T08:00:00.000Z',
    );
    expect(
      describeSession({
        ...qgis,
        application: null,
        clientAddress: null,
        backendType: 'autovacuum worker',
        state: null,
      }),
    ).toBe('pid 4242, user "qgis", no application name, autovacuum worker');
  });

  it('tells background workers from clients', () => {
    expect(onlyTransient([{ ...qgis, backendType: 'autovacuum worker' }])).toBe(true);
    expect(onlyTransient([qgis])).toBe(false);
  });

  it('makes one error naming every session', () => {
    const error = databaseInUse('qwat', 'copy database "qwat"', [qgis], { hint: 'close them' });
    expect(error.code).toBe(PumErrorCode.SqlError);
    expect(error.message).toBe(
      'cannot copy database "qwat": database "qwat" is in use, 1 other session is connected to it:\n' +
        '  pid 4242, user "qgis", application "QGIS", from 10.0.0.7, idle since 2025-01-01T08:00:00.000Z',
    );
    expect(error.details).toMatchObject({ database: 'qwat', sessions: [qgis] });
  });
});
