import { isPumError, type PumError } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { type MemoryFile, memoryFileSystem } from './memory-file-system.js';
import { parseConninfo } from './parse-conninfo.js';
import { type ResolveConnectionOptions, resolveConnection } from './resolve-connection.js';
import { toConninfo } from './to-conninfo.js';

const HOME = '/home/me';
const USER_SERVICES = `${HOME}/.pg_service.conf`;
const PGPASS = `${HOME}/.pgpass`;
const DEBIAN_SERVICES = '/etc/postgresql-common/pg_service.conf';

function errorOf(run: () => unknown): PumError {
  try {
    run();
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

/** Resolve against an in-memory tree with a known home and OS user, no real files. */
function resolve(
  input: string | undefined,
  files: Record<string, MemoryFile> = {},
  options: Omit<ResolveConnectionOptions, 'fs'> = {},
) {
  const fs = memoryFileSystem(files);
  const connection = resolveConnection(input, {
    homeDir: HOME,
    osUser: 'me',
    platform: 'posix',
    fs,
    ...options,
  });
  return Object.assign(connection, { reads: fs.reads });
}

describe('resolveConnection: input forms', () => {
  it('uses libpq defaults when nothing is given: localhost, 5432, the OS user, dbname = user', () => {
    const connection = resolve(undefined);
    expect(connection.parameters).toEqual({ host: 'localhost', port: '5432', user: 'me', dbname: 'me' });
    expect(connection.sources).toEqual({
      host: 'default',
      port: 'default',
      user: 'default',
      dbname: 'default',
    });
    expect(connection.clientConfig).toEqual({
      host: 'localhost',
      port: 5432,
      database: 'me',
      user: 'me',
      ssl: false,
      keepAlive: true,
    });
    expect(connection.childEnv).toEqual({
      PGHOST: 'localhost',
      PGPORT: '5432',
      PGUSER: 'me',
      PGDATABASE: 'me',
    });
    expect(connection.describe()).toBe('postgresql://me@localhost:5432/me');
    expect(connection.service).toBeUndefined();
    expect(connection.passwordFile).toBeUndefined();
  });

  it('treats an empty or blank input like no input', () => {
    expect(resolve('').parameters).toEqual(resolve(undefined).parameters);
    expect(resolve('  ').parameters).toEqual(resolve(undefined).parameters);
  });

  it('reads a URL', () => {
    const connection = resolve('postgresql://qwat_user:pw@db.example:5433/qwat?sslmode=require');
    expect(connection.parameters).toEqual({
      host: 'db.example',
      port: '5433',
      dbname: 'qwat',
      user: 'qwat_user',
      password: 'pw',
      sslmode: 'require',
    });
    expect(connection.clientConfig).toMatchObject({
      host: 'db.example',
      port: 5433,
      database: 'qwat',
      user: 'qwat_user',
      password: 'pw',
      ssl: { rejectUnauthorized: false },
    });
    expect(connection.childEnv).toEqual({
      PGHOST: 'db.example',
      PGPORT: '5433',
      PGDATABASE: 'qwat',
      PGUSER: 'qwat_user',
      PGPASSWORD: 'pw',
      PGSSLMODE: 'require',
    });
    expect(connection.describe()).toBe('postgresql://qwat_user@db.example:5433/qwat?sslmode=require');
  });

  it('reads a conninfo string', () => {
    const connection = resolve("host=db port=5433 dbname='my db' user=x password='it\\'s'");
    expect(connection.parameters).toMatchObject({
      host: 'db',
      port: '5433',
      dbname: 'my db',
      user: 'x',
      password: "it's",
    });
    expect(connection.describe()).toBe('postgresql://x@db:5433/my%20db');
  });

  it('reads a bare service name from the user service file', () => {
    const connection = resolve('qwat_prod', {
      [USER_SERVICES]: '[qwat_prod]\nhost=prod.example\ndbname=qwat\nuser=qwat_admin\n',
    });
    expect(connection.service).toEqual({ name: 'qwat_prod', file: USER_SERVICES });
    expect(connection.parameters).toEqual({
      service: 'qwat_prod',
      host: 'prod.example',
      port: '5432',
      dbname: 'qwat',
      user: 'qwat_admin',
    });
    expect(connection.sources).toMatchObject({ service: 'input', host: 'service', port: 'default' });
    expect(connection.childEnv).not.toHaveProperty('PGSERVICE');
    expect(connection.childEnv).toEqual({
      PGHOST: 'prod.example',
      PGPORT: '5432',
      PGDATABASE: 'qwat',
      PGUSER: 'qwat_admin',
    });
  });

  it('reads service= inside a conninfo string and ?service= in a URL', () => {
    const files = { [USER_SERVICES]: '[s]\nhost=from-service\nport=6000\n' };
    expect(resolve('service=s port=7000', files).parameters).toMatchObject({
      host: 'from-service',
      port: '7000',
    });
    expect(resolve('postgresql:///db?service=s', files).parameters).toMatchObject({
      host: 'from-service',
      port: '6000',
      dbname: 'db',
    });
  });

  it('connects through a socket directory given in the query of a URL', () => {
    const connection = resolve('postgresql:///qwat?host=/var/run/postgresql');
    expect(connection.hosts).toEqual([
      { host: '/var/run/postgresql', hostaddr: undefined, port: 5432, socket: true },
    ]);
    expect(connection.clientConfig.host).toBe('/var/run/postgresql');
    expect(connection.describe()).toBe('postgresql://me@/qwat?host=/var/run/postgresql&port=5432');
  });
});

describe('resolveConnection: precedence', () => {
  const files = {
    [USER_SERVICES]: '[s]\nhost=service-host\nport=6000\ndbname=service-db\nuser=service-user\n',
  };
  const env = {
    PGHOST: 'env-host',
    PGPORT: '7000',
    PGDATABASE: 'env-db',
    PGUSER: 'env-user',
    PGAPPNAME: 'env-app',
  };

  it('explicit values beat the service, which beats the environment, which beats defaults', () => {
    const connection = resolve('service=s host=explicit-host', files, { env });
    expect(connection.parameters).toMatchObject({
      host: 'explicit-host',
      port: '6000',
      dbname: 'service-db',
      user: 'service-user',
      application_name: 'env-app',
    });
    expect(connection.sources).toMatchObject({
      host: 'input',
      port: 'service',
      dbname: 'service',
      application_name: 'environment',
    });
  });

  it('uses the environment alone when nothing is typed', () => {
    const connection = resolve(
      undefined,
      {},
      { env: { ...env, PGPASSWORD: 'env-pw', PGSSLMODE: 'disable' } },
    );
    expect(connection.parameters).toEqual({
      host: 'env-host',
      port: '7000',
      dbname: 'env-db',
      user: 'env-user',
      password: 'env-pw',
      application_name: 'env-app',
      sslmode: 'disable',
    });
    expect(connection.sources.password).toBe('environment');
  });

  it('overrides beat the input; undefined overrides are ignored', () => {
    const connection = resolve(
      'postgresql://a@h1:1/db1',
      {},
      { overrides: { host: 'h2', port: 2, user: undefined } },
    );
    expect(connection.parameters).toMatchObject({ host: 'h2', port: '2', user: 'a', dbname: 'db1' });
    expect(connection.sources).toMatchObject({ host: 'override', port: 'override', user: 'input' });
  });

  it('rejects unknown override keys', () => {
    const error = errorOf(() => resolve(undefined, {}, { overrides: { hots: 'x' } as never }));
    expect(error.code).toBe('PUM_INVALID_ARGUMENT');
    expect(error.message).toBe('unknown connection parameter "hots" in overrides');
  });

  it('takes the service from PGSERVICE, and PGSERVICE loses to a typed service', () => {
    const both = { [USER_SERVICES]: '[a]\nhost=ha\n[b]\nhost=hb\n' };
    expect(resolve(undefined, both, { env: { PGSERVICE: 'a' } }).parameters.host).toBe('ha');
    expect(resolve(undefined, both, { env: { PGSERVICE: 'a' } }).sources.service).toBe('environment');
    expect(resolve('b', both, { env: { PGSERVICE: 'a' } }).parameters.host).toBe('hb');
  });

  it('lets the first occurrence of a keyword in a service win, as libpq', () => {
    expect(resolve('s', { [USER_SERVICES]: '[s]\nhost=first\nhost=second\n' }).parameters.host).toBe('first');
  });

  it('lets a later keyword in the input win over an earlier one', () => {
    expect(resolve('host=a host=b').parameters.host).toBe('b');
  });

  it('treats empty values as unset after merging, so defaults apply (as libpq)', () => {
    const connection = resolve("host='' port='' user=''", {}, { env: { PGHOST: 'env-host' } });
    // An explicit empty value still hides the environment's value.
    expect(connection.parameters).toMatchObject({ host: 'localhost', port: '5432', user: 'me' });
  });

  it('uses applicationName only when nothing sets application_name', () => {
    expect(resolve(undefined, {}, { applicationName: 'pum' }).clientConfig).toMatchObject({
      fallback_application_name: 'pum',
    });
    const fromEnv = resolve(undefined, {}, { applicationName: 'pum', env: { PGAPPNAME: 'mine' } });
    expect(fromEnv.clientConfig).toMatchObject({
      application_name: 'mine',
      fallback_application_name: 'pum',
    });
    expect(fromEnv.childEnv.PGAPPNAME).toBe('mine');
    expect(resolve(undefined, {}, { applicationName: 'pum' }).childEnv).not.toHaveProperty('PGAPPNAME');
  });
});

describe('resolveConnection: service files', () => {
  it('prefers the user file over the system file for a service in both', () => {
    const connection = resolve('s', {
      [USER_SERVICES]: '[s]\nhost=user\n',
      [DEBIAN_SERVICES]: '[s]\nhost=system\nport=6000\n',
    });
    expect(connection.parameters).toMatchObject({ host: 'user', port: '5432' });
    expect(connection.service?.file).toBe(USER_SERVICES);
  });

  it('falls back to the Debian, then the RPM system file', () => {
    expect(resolve('s', { [DEBIAN_SERVICES]: '[s]\nhost=debian\n' }).parameters.host).toBe('debian');
    expect(resolve('s', { '/etc/sysconfig/pgsql/pg_service.conf': '[s]\nhost=rpm\n' }).parameters.host).toBe(
      'rpm',
    );
  });

  it('reads PGSERVICEFILE instead of ~/.pg_service.conf, and PGSYSCONFDIR instead of the defaults', () => {
    const files = {
      [USER_SERVICES]: '[s]\nhost=home\n',
      '/srv/services.conf': '[s]\nhost=pgservicefile\n',
      '/srv/etc/pg_service.conf': '[t]\nhost=sysconfdir\n',
      [DEBIAN_SERVICES]: '[t]\nhost=debian\n',
    };
    const env = { PGSERVICEFILE: '/srv/services.conf', PGSYSCONFDIR: '/srv/etc' };
    expect(resolve('s', files, { env }).parameters.host).toBe('pgservicefile');
    expect(resolve('t', files, { env }).parameters.host).toBe('sysconfdir');
  });

  it('reads servicefile= (PostgreSQL 18) before PGSERVICEFILE', () => {
    const files = { '/a.conf': '[s]\nhost=a\n', '/b.conf': '[s]\nhost=b\n' };
    expect(
      resolve('service=s servicefile=/a.conf', files, { env: { PGSERVICEFILE: '/b.conf' } }).parameters.host,
    ).toBe('a');
  });

  it('searches the Windows locations on win32', () => {
    const appdata = 'C:\\Users\\me\\AppData\\Roaming';
    const fs = memoryFileSystem({ [`${appdata}\\postgresql\\.pg_service.conf`]: '[s]\nhost=win\n' });
    const connection = resolveConnection('s', {
      env: { APPDATA: appdata },
      platform: 'win32',
      fs,
      osUser: 'me',
    });
    expect(connection.parameters.host).toBe('win');
  });

  it('reports an unknown service with the files searched', () => {
    const error = errorOf(() => resolve('qwat_prod', { [USER_SERVICES]: '[qwat_test]\n' }));
    expect(error.code).toBe('PUM_UNKNOWN_SERVICE');
    expect(error.message).toBe(
      `service "qwat_prod" not found in ${USER_SERVICES}, ${DEBIAN_SERVICES} (no such file), /etc/sysconfig/pgsql/pg_service.conf (no such file)`,
    );
    expect(error.hint).toContain('services found: qwat_test');
  });

  it('reports a missing PGSERVICEFILE', () => {
    const error = errorOf(() => resolve('s', {}, { env: { PGSERVICEFILE: '/nowhere.conf' } }));
    expect(error.code).toBe('PUM_INVALID_SERVICE_FILE');
    expect(error.message).toBe('service file /nowhere.conf not found');
  });

  it('names the service file and line of an invalid value', () => {
    const error = errorOf(() => resolve('s', { [USER_SERVICES]: '[s]\nhost=db\nport=54x32\n' }));
    expect(error.code).toBe('PUM_INVALID_CONNECTION_STRING');
    expect(error.message).toBe(
      `invalid port "54x32" (from service "s" (${USER_SERVICES}:3)): expected a port number from 1 to 65535`,
    );
  });

  it('reads no service file when no service is named', () => {
    expect(resolve('host=db', { [USER_SERVICES]: '[s]\nhost=x\n' }).reads).toEqual([PGPASS]);
  });
});

describe('resolveConnection: password file', () => {
  it('reads ~/.pgpass when no password is given', () => {
    const connection = resolve('host=db dbname=qwat', { [PGPASS]: 'db:5432:qwat:me:from-pgpass\n' });
    expect(connection.parameters.password).toBe('from-pgpass');
    expect(connection.sources.password).toBe('passfile');
    expect(connection.passwordFile).toBe(PGPASS);
    expect(connection.clientConfig.password).toBe('from-pgpass');
    expect(connection.childEnv.PGPASSWORD).toBe('from-pgpass');
  });

  it('matches the resolved values, defaults included', () => {
    const pgpass = 'db:5432:me:me:defaults\n';
    expect(resolve('host=db', { [PGPASS]: pgpass }).parameters.password).toBe('defaults');
    expect(resolve('host=db port=5433', { [PGPASS]: pgpass }).parameters.password).toBeUndefined();
  });

  it('does not look when a password was given, even by the environment', () => {
    const files = { [PGPASS]: '*:*:*:*:from-pgpass\n' };
    expect(resolve('host=db password=typed', files).parameters.password).toBe('typed');
    expect(resolve('host=db', files, { env: { PGPASSWORD: 'env' } }).parameters.password).toBe('env');
    expect(resolve('s', { ...files, [USER_SERVICES]: '[s]\npassword=svc\n' }).parameters.password).toBe(
      'svc',
    );
  });

  it('looks when the given password is empty', () => {
    expect(resolve("password=''", { [PGPASS]: '*:*:*:*:from-pgpass\n' }).parameters.password).toBe(
      'from-pgpass',
    );
  });

  it('uses passfile from the service, or PGPASSFILE', () => {
    const files = {
      [USER_SERVICES]: '[s]\nhost=db\npassfile=/secrets/pgpass\n',
      '/secrets/pgpass': '*:*:*:*:service-passfile\n',
      '/env/pgpass': '*:*:*:*:env-passfile\n',
      [PGPASS]: '*:*:*:*:home\n',
    };
    const viaService = resolve('s', files, { env: { PGPASSFILE: '/env/pgpass' } });
    expect(viaService.parameters.password).toBe('service-passfile');
    expect(viaService.childEnv.PGPASSFILE).toBe('/secrets/pgpass');
    expect(resolve('host=db', files, { env: { PGPASSFILE: '/env/pgpass' } }).parameters.password).toBe(
      'env-passfile',
    );
  });

  it('matches "localhost" lines for socket connections', () => {
    const files = { [PGPASS]: 'localhost:5432:qwat:me:socket-pw\n' };
    expect(resolve('host=/var/run/postgresql dbname=qwat', files).parameters.password).toBe('socket-pw');
  });

  it('uses hostaddr to match when there is no host name', () => {
    const files = { [PGPASS]: '10.0.0.5:5432:*:*:by-address\n' };
    const connection = resolve('hostaddr=10.0.0.5', files);
    expect(connection.parameters.password).toBe('by-address');
    expect(connection.clientConfig.host).toBe('10.0.0.5');
  });

  it('ignores a group-readable .pgpass with a warning', () => {
    const connection = resolve('host=db', { [PGPASS]: { content: '*:*:*:*:pw\n', mode: 0o100640 } });
    expect(connection.parameters.password).toBeUndefined();
    expect(connection.warnings).toEqual([
      `password file "${PGPASS}" has group or world access; permissions should be u=rw (0600) or less; it was ignored`,
    ]);
  });

  it('reads pgpass.conf in %APPDATA%\\postgresql on Windows, without a permission check', () => {
    const fs = memoryFileSystem({
      'C:\\AppData\\postgresql\\pgpass.conf': { content: '*:*:*:*:win-pw', mode: 0o100666 },
    });
    const connection = resolveConnection('host=db', {
      env: { APPDATA: 'C:\\AppData' },
      platform: 'win32',
      fs,
      osUser: 'me',
    });
    expect(connection.parameters.password).toBe('win-pw');
  });
});

describe('resolveConnection: validation', () => {
  it('rejects an invalid sslmode, naming where it came from', () => {
    const error = errorOf(() => resolve(undefined, {}, { env: { PGSSLMODE: 'verify' } }));
    expect(error.code).toBe('PUM_INVALID_CONNECTION_STRING');
    expect(error.message).toBe(
      'invalid sslmode "verify" (from environment variable PGSSLMODE): expected one of disable, allow, prefer, require, verify-ca, verify-full',
    );
    expect(error.details).toMatchObject({ keyword: 'sslmode', value: 'verify' });
  });

  it('rejects invalid ports in the input', () => {
    expect(errorOf(() => resolve('postgresql://me:secret@db:abc/qwat')).message).toBe(
      'invalid port "abc" (from the connection string "postgresql://me:****@db:abc/qwat"): expected a port number from 1 to 65535',
    );
    expect(errorOf(() => resolve('port=70000')).message).toContain('invalid port "70000"');
    expect(errorOf(() => resolve('port=0')).message).toContain('invalid port "0"');
  });

  it('accepts ports with blanks around them, as libpq', () => {
    expect(resolve("port=' 5433 '").clientConfig.port).toBe(5433);
  });

  it('rejects other enumerations and integers', () => {
    expect(errorOf(() => resolve('target_session_attrs=primary-ish')).message).toContain(
      'invalid target_session_attrs',
    );
    expect(errorOf(() => resolve('connect_timeout=soon')).message).toBe(
      'invalid connect_timeout "soon" (from the connection string "connect_timeout=soon"): expected an integer',
    );
    expect(errorOf(() => resolve('ssl_min_protocol_version=TLSv9')).message).toContain('TLSv1.3');
  });

  it('fails without any user name', () => {
    const fs = memoryFileSystem({});
    const error = errorOf(() => resolveConnection('host=db', { fs, homeDir: HOME }));
    expect(error.code).toBe('PUM_INVALID_ARGUMENT');
    expect(resolveConnection('host=db', { fs, env: { USER: 'envuser' } }).parameters.user).toBe('envuser');
  });

  it('does not read process.env', () => {
    process.env.PGHOST_TEST_CANARY = '1';
    const connection = resolveConnection(undefined, { fs: memoryFileSystem({}), osUser: 'me' });
    expect(connection.parameters.host).toBe('localhost');
    delete process.env.PGHOST_TEST_CANARY;
  });
});

describe('resolveConnection: several hosts', () => {
  it('keeps the lists for child processes and connects pg to the first host', () => {
    const connection = resolve('postgresql://h1:5432,h2:5433/db?target_session_attrs=read-write');
    expect(connection.hosts.map((host) => [host.host, host.port])).toEqual([
      ['h1', 5432],
      ['h2', 5433],
    ]);
    expect(connection.clientConfig).toMatchObject({ host: 'h1', port: 5432 });
    expect(connection.childEnv).toMatchObject({
      PGHOST: 'h1,h2',
      PGPORT: '5432,5433',
      PGTARGETSESSIONATTRS: 'read-write',
    });
    expect(connection.describe()).toBe('postgresql://me@h1:5432,h2:5433/db');
  });

  it('applies a single port to every host and fills empty slots with defaults', () => {
    expect(resolve('host=a,b port=6000').hosts.map((host) => host.port)).toEqual([6000, 6000]);
    expect(resolve('host=a, port=6000,').hosts).toEqual([
      { host: 'a', hostaddr: undefined, port: 6000, socket: false },
      { host: 'localhost', hostaddr: undefined, port: 5432, socket: false },
    ]);
  });

  it('rejects lists of different lengths', () => {
    expect(errorOf(() => resolve('host=a,b port=1,2,3')).message).toBe(
      'could not match 3 port numbers to 2 hosts',
    );
    expect(errorOf(() => resolve('host=a,b hostaddr=10.0.0.1')).message).toBe(
      'could not match 2 host names to 1 hostaddr values',
    );
  });

  it('describes IPv6 hosts in brackets and hostaddr in the query', () => {
    expect(resolve('host=::1').describe()).toBe('postgresql://me@[::1]:5432/me');
    expect(resolve('host=db.example hostaddr=10.0.0.5').describe()).toBe(
      'postgresql://me@/me?host=db.example&hostaddr=10.0.0.5&port=5432',
    );
  });
});

describe('resolveConnection: hostile values', () => {
  const hostile = {
    user: `o'neil "x"`,
    password: `it's; "x" é \\ 🐘`,
    dbname: `my db; drop table "t"; --`,
  };

  it('carries quotes, spaces, unicode and ; through conninfo, URL and service file unchanged', () => {
    const conninfo = `user='o\\'neil "x"' password='it\\'s; "x" é \\\\ 🐘' dbname='my db; drop table "t"; --'`;
    const url = `postgresql://${encodeURIComponent(hostile.user)}:${encodeURIComponent(hostile.password)}@db/${encodeURIComponent(hostile.dbname)}`;
    const service = `[s]\nhost=db\nuser=${hostile.user}\npassword=${hostile.password}\ndbname=${hostile.dbname}\n`;
    for (const connection of [
      resolve(`host=db ${conninfo}`),
      resolve(url),
      resolve('s', { [USER_SERVICES]: service }),
    ]) {
      expect(connection.parameters).toMatchObject(hostile);
      expect(connection.clientConfig).toMatchObject({
        user: hostile.user,
        password: hostile.password,
        database: hostile.dbname,
      });
      expect(connection.childEnv).toMatchObject({
        PGUSER: hostile.user,
        PGPASSWORD: hostile.password,
        PGDATABASE: hostile.dbname,
      });
      expect(connection.describe()).toBe(
        `postgresql://o'neil%20%22x%22@db:5432/my%20db%3B%20drop%20table%20%22t%22%3B%20--`,
      );
    }
  });

  it('round-trips through toConninfo', () => {
    const connection = resolve('host=db', {}, { overrides: hostile });
    const text = toConninfo(connection, { includePassword: true });
    expect(parseConninfo(text)).toEqual(connection.parameters);
    expect(toConninfo(connection)).not.toContain('password');
  });

  it('finds a hostile password in .pgpass for a hostile database name', () => {
    const files = { [PGPASS]: `db:5432:my db; drop table "t"; --:o'neil "x":it's; "x" é \\\\ 🐘\n` };
    expect(
      resolve('host=db', files, { overrides: { user: hostile.user, dbname: hostile.dbname } }).parameters
        .password,
    ).toBe(hostile.password);
  });
});
