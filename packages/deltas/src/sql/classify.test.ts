import { describe, expect, it } from 'vitest';
import { hasNoTransactionMarker, requiresNoTransaction, transactionControl } from './classify.js';

describe('transactionControl', () => {
  it.each([
    ['BEGIN', 'begin'],
    ['begin;', 'begin'],
    ['BEGIN WORK', 'begin'],
    ['Begin Transaction Isolation Level Serializable', 'begin'],
    ['START TRANSACTION READ WRITE', 'begin'],
    ['COMMIT', 'commit'],
    ['commit work', 'commit'],
    ['COMMIT AND CHAIN', 'commit'],
    ['END', 'commit'],
    ['end transaction;', 'commit'],
    ['ROLLBACK', 'rollback'],
    ['ABORT', 'rollback'],
    ['ROLLBACK TO SAVEPOINT s', 'rollback-to'],
    ['rollback to s', 'rollback-to'],
    ['ROLLBACK WORK TO s', 'rollback-to'],
    ['SAVEPOINT s', 'savepoint'],
    ['RELEASE SAVEPOINT s', 'release'],
    ['RELEASE s', 'release'],
    ["PREPARE TRANSACTION 'x'", 'prepare-transaction'],
    ["COMMIT PREPARED 'x'", 'commit-prepared'],
    ["ROLLBACK PREPARED 'x'", 'rollback-prepared'],
    ['-- a comment\n/* another /* nested */ */\n  BEGIN;', 'begin'],
    ['\uFEFFCOMMIT;', 'commit'],
  ])('%j is %s', (statement, kind) => {
    expect(transactionControl(statement)).toBe(kind);
  });

  it.each([
    'BEGIN ATOMIC SELECT 1; END',
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END',
    'DO $$ BEGIN COMMIT; END $$',
    'PREPARE q AS SELECT 1',
    'START something',
    "SELECT 'BEGIN'",
    '"begin"',
    '-- BEGIN\nSELECT 1',
    'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE',
    '',
  ])('%j is not transaction control', (statement) => {
    expect(transactionControl(statement)).toBeUndefined();
  });
});

describe('requiresNoTransaction', () => {
  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['create unique index concurrently if not exists i on t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['/* x */ CREATE INDEX CONCURRENTLY ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY IF EXISTS i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY, VERBOSE) TABLE t', 'REINDEX CONCURRENTLY'],
    ['REINDEX (VERBOSE) SCHEMA s', 'REINDEX SCHEMA'],
    ['REINDEX DATABASE d', 'REINDEX DATABASE'],
    ['REINDEX SYSTEM', 'REINDEX SYSTEM'],
    ['VACUUM', 'VACUUM'],
    ['VACUUM (ANALYZE) t', 'VACUUM'],
    ['CLUSTER', 'CLUSTER without a table'],
    ['CLUSTER;', 'CLUSTER without a table'],
    ['CLUSTER (VERBOSE)', 'CLUSTER without a table'],
    ["ALTER SYSTEM SET work_mem = '64MB'", 'ALTER SYSTEM'],
    ['CREATE DATABASE d', 'CREATE DATABASE'],
    ['DROP DATABASE IF EXISTS d', 'DROP DATABASE'],
    ['ALTER DATABASE d SET TABLESPACE x', 'ALTER DATABASE … SET TABLESPACE'],
    ["CREATE TABLESPACE x LOCATION '/x'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE x', 'DROP TABLESPACE'],
    ['ALTER TABLE p DETACH PARTITION c CONCURRENTLY', 'ALTER TABLE … DETACH PARTITION CONCURRENTLY'],
    ['DISCARD ALL', 'DISCARD ALL'],
    ["COMMIT PREPARED 'x'", 'COMMIT PREPARED'],
    ["CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", 'CREATE SUBSCRIPTION'],
    ['DROP SUBSCRIPTION s', 'DROP SUBSCRIPTION'],
    ['ALTER SUBSCRIPTION s REFRESH PUBLICATION', 'ALTER SUBSCRIPTION … REFRESH PUBLICATION'],
    // Lower and mixed case: the words a statement must hold to be lexed at all are matched in any case.
    ['create unique index Concurrently i on t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['Alter System Set work_mem = 1', 'ALTER SYSTEM'],
    ['alter database d set Tablespace x', 'ALTER DATABASE … SET TABLESPACE'],
    ["rollback Prepared 'x'", 'ROLLBACK PREPARED'],
    ['drop Database d', 'DROP DATABASE'],
  ])('%j cannot run in a transaction', (statement, what) => {
    expect(requiresNoTransaction(statement)).toMatch(what);
    expect(requiresNoTransaction(statement)).toMatch(/cannot run inside a transaction block$/);
  });

  it.each([
    'CREATE INDEX i ON t (a)',
    'CREATE INDEX i ON t (concurrently)',
    'DROP INDEX i',
    'REINDEX TABLE t',
    'REINDEX (CONCURRENTLY false) TABLE t',
    'CLUSTER t USING i',
    'CLUSTER (VERBOSE) t',
    'ANALYZE t',
    "ALTER TYPE e ADD VALUE 'x'",
    'ALTER DATABASE d SET work_mem = 1',
    'ALTER TABLE p DETACH PARTITION c',
    'REFRESH MATERIALIZED VIEW CONCURRENTLY v',
    'DISCARD PLANS',
    "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (create_slot = false)",
    "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (connect = false)",
    "SELECT 'VACUUM'",
    '-- VACUUM\nSELECT 1',
    "COMMENT ON TABLE t IS 'CREATE INDEX CONCURRENTLY'",
  ])('%j can run in a transaction', (statement) => {
    expect(requiresNoTransaction(statement)).toBeUndefined();
  });
});

describe('hasNoTransactionMarker', () => {
  it.each([
    '-- pum:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);',
    '\uFEFF-- pum:no-transaction\r\nSELECT 1;',
    '-- builds an index\n/* without locking */\n--   pum:no-transaction (see #12)\nSELECT 1;',
    '-- PUM:NO-TRANSACTION',
  ])('finds the marker in %j', (text) => {
    expect(hasNoTransactionMarker(text)).toBe(true);
  });

  it.each([
    'SELECT 1;\n-- pum:no-transaction',
    '-- pum:no-transactions\nSELECT 1;',
    '-- see pum:no-transaction\nSELECT 1;',
    '/* pum:no-transaction */ SELECT 1;',
    '/* unterminated -- pum:no-transaction',
    '',
  ])('does not find the marker in %j', (text) => {
    expect(hasNoTransactionMarker(text)).toBe(false);
  });
});
