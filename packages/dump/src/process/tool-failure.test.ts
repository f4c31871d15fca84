import { PumErrorCode } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { explainingLines, scrub, toolFailure } from './tool-failure.js';

const context = {
  tool: 'pg_restore' as const,
  path: '/usr/lib/postgresql/15/bin/pg_restore',
  doing: 'restoring x.backup into postgresql://me@db:5432/qwat',
  connectionLabel: 'postgresql://me@db:5432/qwat',
  secrets: ['s3cret-pass'],
};

describe('explainingLines', () => {
  it('keeps errors with their continuation lines and drops progress', () => {
    expect(
      explainingLines([
        'pg_restore: connecting to database for restore',
        'pg_restore: creating TABLE "app.pipes"',
        'pg_restore: from TOC entry 223; 1259 17432 TABLE pipes postgres',
        'pg_restore: error: could not execute query: ERROR:  relation "pipes" already exists',
        'Command was: CREATE TABLE app.pipes (',
        '    id integer NOT NULL',
        ');',
        '',
        'pg_restore: creating SEQUENCE "app.pipes_id_seq"',
        'pg_restore: warning: errors ignored on restore: 1',
      ]),
    ).toEqual([
      'pg_restore: from TOC entry 223; 1259 17432 TABLE pipes postgres',
      'pg_restore: error: could not execute query: ERROR:  relation "pipes" already exists',
      'Command was: CREATE TABLE app.pipes (',
      '    id integer NOT NULL',
      ');',
      'pg_restore: warning: errors ignored on restore: 1',
    ]);
  });

  it('understands psql error lines', () => {
    expect(explainingLines(['psql:/tmp/x.sql:3: ERROR:  syntax error at or near "x"', 'LINE 1: x;'])).toEqual(
      ['psql:/tmp/x.sql:3: ERROR:  syntax error at or near "x"', 'LINE 1: x;'],
    );
  });
});

describe('scrub', () => {
  it('replaces secrets, but not short ones that would mangle words', () => {
    expect(scrub('password s3cret-pass here', ['s3cret-pass'])).toBe('password *** here');
    expect(scrub('a b c', ['a'])).toBe('a b c');
  });
});

describe('toolFailure', () => {
  it('names the program, its exit code and the lines that explain the failure', () => {
    const error = toolFailure(
      { code: 1, signal: null },
      [
        'pg_restore: creating TABLE "app.pipes"',
        'pg_restore: error: could not execute query: ERROR:  role "qwat_owner" does not exist',
        'Command was: ALTER TABLE app.pipes OWNER TO qwat_owner;',
      ],
      context,
    );
    expect(error.code).toBe(PumErrorCode.ExternalProgram);
    expect(error.message).toBe(
      'pg_restore exited with code 1 while restoring x.backup into postgresql://me@db:5432/qwat:\n' +
        '  pg_restore: error: could not execute query: ERROR:  role "qwat_owner" does not exist\n' +
        '  Command was: ALTER TABLE app.pipes OWNER TO qwat_owner;',
    );
    expect(error.hint).toContain('noOwner');
    expect(error.details).toMatchObject({ tool: 'pg_restore', exitCode: 1, signal: null });
  });

  it('reports a refused login as an authentication failure, without the password', () => {
    const error = toolFailure(
      { code: 1, signal: null },
      [
        'pg_dump: error: connection to server at "db" (10.0.0.1), port 5432 failed: FATAL:  password authentication failed for user "me" s3cret-pass',
      ],
      { ...context, tool: 'pg_dump' },
    );
    expect(error.code).toBe(PumErrorCode.AuthenticationFailed);
    expect(error.message).toBe(
      'pg_dump cannot log in to postgresql://me@db:5432/qwat: connection to server at "db" (10.0.0.1), port 5432 failed: FATAL:  password authentication failed for user "me" ***',
    );
    expect(JSON.stringify(error.details)).not.toContain('s3cret-pass');
  });

  it('reports an unreachable server as a connection failure', () => {
    const error = toolFailure(
      { code: 1, signal: null },
      ['pg_dump: error: connection to server at "localhost" (::1), port 1 failed: Connection refused'],
      { ...context, tool: 'pg_dump' },
    );
    expect(error.code).toBe(PumErrorCode.ConnectionFailed);
  });

  it('says when a program was killed', () => {
    const error = toolFailure({ code: null, signal: 'SIGKILL' }, [], context);
    expect(error.message).toBe(
      'pg_restore was killed by SIGKILL while restoring x.backup into postgresql://me@db:5432/qwat without explaining why',
    );
  });

  it('hints at a newer pg_restore for an archive it cannot read', () => {
    const error = toolFailure(
      { code: 1, signal: null },
      ['pg_restore: error: unsupported version (1.16) in file header'],
      context,
    );
    expect(error.hint).toContain('newer pg_dump');
  });
});
