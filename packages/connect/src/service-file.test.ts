import { isPumError, type PumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { memoryFileSystem } from './memory-file-system.js';
import { findService, readServiceSection } from './service-file.js';

function errorOf(run: () => unknown): PumError {
  try {
    run();
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const FILE = '/home/me/.pg_service.conf';

describe('readServiceSection', () => {
  it('reads the section of the service with its line numbers, skipping comments and blanks', () => {
    const content = [
      '# services',
      '[other]',
      'host=elsewhere',
      '',
      '[qwat]',
      '  # a comment',
      '  host=db  ',
      'port=5433',
    ].join('\n');
    expect(readServiceSection(content, FILE, 'qwat')).toEqual({
      found: true,
      entries: [
        { keyword: 'host', value: 'db', line: 7 },
        { keyword: 'port', value: '5433', line: 8 },
      ],
      services: ['other', 'qwat'],
    });
  });

  it('handles CRLF line ends and a UTF-8 byte-order mark', () => {
    const section = readServiceSection('\uFEFF[qwat]\r\nhost=db\r\n', FILE, 'qwat');
    expect(section.entries).toEqual([{ keyword: 'host', value: 'db', line: 2 }]);
  });

  it('keeps "=" and blanks inside values, as libpq', () => {
    const section = readServiceSection(
      '[s]\noptions=-c search_path=a,b\npassword=it\'s ; "x" é\n',
      FILE,
      's',
    );
    expect(section.entries.map((entry) => entry.value)).toEqual(['-c search_path=a,b', `it's ; "x" é`]);
  });

  it('keeps leading blanks of a value (libpq syntax) but accepts INI-style "key = value"', () => {
    const section = readServiceSection('[s]\npassword= x\nhost = db\n', FILE, 's');
    expect(section.entries.map((entry) => entry.value)).toEqual([' x', 'db']);
  });

  it('stops at the next section and ignores a repeated section, as libpq', () => {
    const section = readServiceSection('[s]\nhost=a\n[t]\nbogus\n[s]\nport=1\n', FILE, 's');
    expect(section.entries).toEqual([{ keyword: 'host', value: 'a', line: 2 }]);
  });

  it('matches "[name]" followed by anything, but not a longer name or a missing bracket', () => {
    expect(readServiceSection('[s] # prod\nhost=a', FILE, 's').found).toBe(true);
    expect(readServiceSection('[s2]\nhost=a', FILE, 's').found).toBe(false);
    expect(readServiceSection('[s\nhost=a', FILE, 's').found).toBe(false);
  });

  it('does not check lines outside the wanted section', () => {
    expect(readServiceSection('[other]\nnot a keyword line\nfoo=bar\n[s]\nhost=a', FILE, 's').found).toBe(
      true,
    );
  });

  it('reports a line without "=" with file and line, without echoing the line', () => {
    const error = errorOf(() => readServiceSection('[s]\nhost=a\nsecretpassword\n', FILE, 's'));
    expect(error.code).toBe('PUM_INVALID_SERVICE_FILE');
    expect(error.message).toBe(`${FILE}:3: syntax error: expected keyword=value`);
    expect(error.details).toEqual({ file: FILE, line: 3 });
  });

  it('reports an unknown keyword with file, line, keyword and a suggestion', () => {
    const error = errorOf(() => readServiceSection('[qwat]\nhost=a\ndbnmae=qwat\n', FILE, 'qwat'));
    expect(error.message).toBe(`${FILE}:3: unknown keyword "dbnmae" in service "qwat"`);
    expect(error.hint).toBe('did you mean "dbname"?');
    expect(error.details).toEqual({ file: FILE, line: 3, keyword: 'dbnmae' });
  });

  it('rejects nested services and LDAP lookups', () => {
    expect(errorOf(() => readServiceSection('[s]\nservice=t\n', FILE, 's')).message).toBe(
      `${FILE}:2: nested service specifications are not supported`,
    );
    expect(errorOf(() => readServiceSection('[s]\nldap://ldap.example/dc=x\n', FILE, 's')).message).toBe(
      `${FILE}:2: LDAP service lookups are not supported`,
    );
  });
});

describe('findService', () => {
  const system = '/etc/postgresql-common/pg_service.conf';

  it('returns the first file holding the service', () => {
    const fs = memoryFileSystem({
      [FILE]: '[qwat]\nhost=user-file\n',
      [system]: '[qwat]\nhost=system-file\n',
    });
    const found = findService(
      'qwat',
      [
        { path: FILE, required: false },
        { path: system, required: false },
      ],
      fs,
    );
    expect(found).toEqual({ file: FILE, entries: [{ keyword: 'host', value: 'user-file', line: 2 }] });
  });

  it('falls through to the next file when a file is missing or lacks the service', () => {
    const fs = memoryFileSystem({ [FILE]: '[other]\nhost=x\n', [system]: '[qwat]\nhost=system-file\n' });
    expect(
      findService(
        'qwat',
        [
          { path: '/missing', required: false },
          { path: FILE, required: false },
          { path: system, required: false },
        ],
        fs,
      ).file,
    ).toBe(system);
  });

  it('fails when a required file (PGSERVICEFILE) is missing', () => {
    const error = errorOf(() =>
      findService('qwat', [{ path: '/nope.conf', required: true }], memoryFileSystem({})),
    );
    expect(error.code).toBe('PUM_INVALID_SERVICE_FILE');
    expect(error.message).toBe('service file /nope.conf not found');
  });

  it('names the service, the files searched and the services found when the service is unknown', () => {
    const fs = memoryFileSystem({ [FILE]: '[qwat_test]\nhost=x\n[qgep]\n' });
    const error = errorOf(() =>
      findService(
        'qwat_prod',
        [
          { path: FILE, required: false },
          { path: system, required: false },
        ],
        fs,
      ),
    );
    expect(error.code).toBe('PUM_UNKNOWN_SERVICE');
    expect(error.message).toBe(`service "qwat_prod" not found in ${FILE}, ${system} (no such file)`);
    expect(error.hint).toBe(
      `add a [qwat_prod] section to ${FILE}, or set PGSERVICEFILE to the file that defines it; services found: qgep, qwat_test`,
    );
    expect(error.details).toMatchObject({ service: 'qwat_prod', services: ['qgep', 'qwat_test'] });
  });

  it('suggests creating a file when none exists', () => {
    const error = errorOf(() => findService('qwat', [{ path: FILE, required: false }], memoryFileSystem({})));
    expect(error.hint).toBe(
      `create ${FILE} with a [qwat] section, or set PGSERVICEFILE to the file that defines it`,
    );
    expect(errorOf(() => findService('qwat', [], memoryFileSystem({}))).message).toBe(
      'service "qwat" not found in no service file to search (no home directory, PGSERVICEFILE or PGSYSCONFDIR)',
    );
  });

  it('wraps a read failure, keeping the cause', () => {
    const cause = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    const fs = {
      readFile() {
        throw cause;
      },
    };
    const error = errorOf(() => findService('qwat', [{ path: FILE, required: false }], fs));
    expect(error.code).toBe('PUM_INVALID_SERVICE_FILE');
    expect(error.cause).toBe(cause);
  });
});
