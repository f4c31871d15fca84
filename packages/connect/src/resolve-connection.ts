/**
 * The one entry point: what the user typed + the environment + libpq's files → the final
 * parameters, a `pg` config and a child-process environment. Precedence is libpq's:
 * explicit values (overrides, then the input) > the service's values > `PG*` variables >
 * defaults; then `.pgpass` when no password was given.
 */

import { PumError, PumErrorCode } from '@pum/core';
import { libpqEnvironment } from './child-environment.js';
import { type PgClientConfig, pgClientConfig } from './client-config.js';
import { describeConnection } from './describe-connection.js';
import { type ConnectFileSystem, nodeFileSystem } from './file-system.js';
import { expandHosts, type PathPlatform, type ResolvedHost } from './hosts.js';
import {
  type ConnectionKeyword,
  type ConnectionParameters,
  connectionKeywords,
  isConnectionKeyword,
  keywordOrder,
} from './keywords.js';
import {
  defaultHomeDir,
  defaultPassfile,
  defaultSysconfDirs,
  joinPath,
  type LibpqLocation,
  userServiceFile,
} from './libpq-files.js';
import { maskConnectionString } from './mask-connection-string.js';
import { parseConnectionString } from './parse-connection-string.js';
import { readPasswordFile } from './pgpass.js';
import { findService, type ServiceFileCandidate } from './service-file.js';
import { sslConfig } from './ssl.js';
import { validateParameters } from './validate-parameters.js';

/**
 * Where a parameter's value came from: the caller's `overrides`, the `input` string, the
 * `service` section, an `environment` variable, a `default`, or the `passfile`.
 *
 * @example
 * ```ts
 * const { sources } = resolveConnection('qwat', { env: process.env });
 * if (sources.password === 'passfile') console.log('password from .pgpass');
 * ```
 */
export type ParameterSource = 'override' | 'input' | 'service' | 'environment' | 'default' | 'passfile';

/**
 * Values that win over everything else (typically command-line flags such as `--host`).
 * `undefined` entries are ignored, so flags can be passed through as they are.
 *
 * @example
 * ```ts
 * const overrides: ConnectionOverrides = { host: argv.host, port: argv.port, user: undefined };
 * resolveConnection(argv.connection, { env: process.env, overrides });
 * ```
 */
export type ConnectionOverrides = { readonly [K in ConnectionKeyword]?: string | number | undefined };

/**
 * Options of {@link resolveConnection}. Every default is documented on its field.
 *
 * @example
 * ```ts
 * const options: ResolveConnectionOptions = {
 *   env: process.env,
 *   osUser: os.userInfo().username,
 *   applicationName: 'pum',
 *   defaultHost: '/var/run/postgresql',
 * };
 * ```
 */
export interface ResolveConnectionOptions {
  /**
   * The environment to read `PG*` variables (and `HOME`, `APPDATA`, `USER`) from. Default
   * `{}`: libraries never read `process.env`, so pass it to behave like libpq.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values winning over the input, the service and the environment. Default none. */
  readonly overrides?: ConnectionOverrides;
  /**
   * The application name used when neither the input, the service nor `PGAPPNAME` sets
   * `application_name` (libpq's `fallback_application_name`), e.g. `'pum'`.
   */
  readonly applicationName?: string;
  /**
   * The user name when none is given (libpq asks the operating system). Default: `USER`,
   * `LOGNAME` or `USERNAME` from `env`. Pass `os.userInfo().username` to match libpq.
   */
  readonly osUser?: string;
  /**
   * The directory of `.pg_service.conf`, `.pgpass` and `.postgresql/`. Default: `HOME`
   * from `env`, or `%APPDATA%\postgresql` on Windows (as libpq).
   */
  readonly homeDir?: string;
  /**
   * The host when neither `host` nor `hostaddr` is set. Default `'localhost'` (TCP). libpq
   * uses its compiled-in socket directory instead (`/var/run/postgresql` on Debian and
   * Ubuntu, `/tmp` upstream); pass that directory to connect through the socket.
   */
  readonly defaultHost?: string;
  /**
   * Directories whose `pg_service.conf` is searched, in order, after the user's service
   * file when `PGSYSCONFDIR` is not set. Default {@link defaultSysconfDirs}.
   */
  readonly sysconfDirs?: readonly string[];
  /** File access. Default {@link nodeFileSystem} (synchronous `node:fs`). */
  readonly fs?: ConnectFileSystem;
  /**
   * The path and file-name rules to follow. Default: `'win32'` on Windows, else `'posix'`.
   */
  readonly platform?: PathPlatform;
}

/**
 * Everything known about a connection once resolved. It holds the password (in
 * `parameters`, `clientConfig` and `childEnv`): log `describe()`, not the object.
 *
 * @example
 * ```ts
 * const connection: ResolvedConnection = resolveConnection('qwat', { env: process.env });
 * connection.describe(); // 'postgresql://qwat_admin@db.example:5432/qwat'
 * connection.service;    // { name: 'qwat', file: '/home/me/.pg_service.conf' }
 * ```
 */
export interface ResolvedConnection {
  /** The final libpq parameters, defaults applied (`host`, `port`, `user`, `dbname`). */
  readonly parameters: ConnectionParameters;
  /** Where each parameter came from. */
  readonly sources: { readonly [K in ConnectionKeyword]?: ParameterSource };
  /** The server candidates (several for a libpq host list); `clientConfig` uses the first. */
  readonly hosts: readonly ResolvedHost[];
  /** The service used, and the file it was found in. */
  readonly service: { readonly name: string; readonly file: string } | undefined;
  /** The password file the password was read from, when it was. */
  readonly passwordFile: string | undefined;
  /**
   * Where a password was looked for, in libpq's order, for messages: `the URL`, `service file
   * /etc/pg_service.conf (service "qwat")`, `PGPASSWORD`, `password file /home/me/.pgpass`.
   */
  readonly passwordSearch: readonly string[];
  /** The configuration for `new pg.Client()` / `new pg.Pool()`. */
  readonly clientConfig: PgClientConfig;
  /**
   * The `PG*` variables that make a libpq child process connect the same way, password in
   * `PGPASSWORD`. Merge it into a full environment with {@link childEnvironment}.
   */
  readonly childEnv: Readonly<Record<string, string>>;
  /** Things libpq would have warned about (e.g. a `.pgpass` readable by others, ignored). */
  readonly warnings: readonly string[];
  /** The connection as a URL without its password, e.g. `postgresql://me@db:5432/qwat`. */
  describe(): string;
}

interface Origin {
  readonly source: ParameterSource;
  readonly description: string;
}

/**
 * Resolve what a user typed — a service name, a `postgresql://` URL, a libpq
 * `keyword=value` string, or nothing — into the final connection, exactly as libpq would
 * (service files, `PG*` variables, `.pgpass`), without connecting.
 *
 * @throws PumError `PUM_INVALID_CONNECTION_STRING` (malformed input, unknown keyword,
 *   invalid value), `PUM_UNKNOWN_SERVICE`, `PUM_INVALID_SERVICE_FILE`,
 *   `PUM_INVALID_ARGUMENT` (bad overrides, no user name), `PUM_FILE_NOT_FOUND` (TLS files).
 *
 * @example
 * ```ts
 * import os from 'node:os';
 * import pg from 'pg';
 * import { resolveConnection } from '@pum/connect';
 *
 * const connection = resolveConnection('qwat_prod', {
 *   env: process.env,
 *   osUser: os.userInfo().username,
 *   applicationName: 'pum',
 * });
 * console.log(`connecting to ${connection.describe()}`);
 * const client = new pg.Client(connection.clientConfig);
 * await client.connect();
 * ```
 */
export function resolveConnection(
  input: string | undefined,
  options: ResolveConnectionOptions = {},
): ResolvedConnection {
  const env = options.env ?? {};
  const platform: PathPlatform = options.platform ?? (process.platform === 'win32' ? 'win32' : 'posix');
  const fs = options.fs ?? nodeFileSystem;
  const location: LibpqLocation = { platform, homeDir: options.homeDir ?? defaultHomeDir(env, platform) };
  const values: { [K in ConnectionKeyword]?: string } = {};
  const origins = new Map<ConnectionKeyword, Origin>();
  const warnings: string[] = [];

  const set = (keyword: ConnectionKeyword, value: string, source: ParameterSource, description: string) => {
    if (values[keyword] !== undefined) return;
    values[keyword] = value;
    origins.set(keyword, { source, description });
  };
  const originOf = (keyword: ConnectionKeyword): string =>
    origins.get(keyword)?.description ?? 'the defaults';

  // 1. Explicit values: the overrides, then the input.
  for (const [keyword, value] of Object.entries(options.overrides ?? {})) {
    if (!isConnectionKeyword(keyword)) {
      const message = `unknown connection parameter "${keyword}" in overrides`;
      throw new PumError(PumErrorCode.InvalidArgument, message, { details: { keyword } });
    }
    if (value !== undefined) set(keyword, String(value), 'override', 'the overrides');
  }
  const parsed = parseConnectionString(input);
  const inputDescription =
    parsed.kind === 'service'
      ? 'the service name'
      : `the connection string "${maskConnectionString(input ?? '')}"`;
  for (const keyword of keywordOrder) {
    const value = parsed.parameters[keyword];
    if (value !== undefined) set(keyword, value, 'input', inputDescription);
  }

  // 2. The service, named explicitly or by PGSERVICE; it fills what is still unset.
  let service: ResolvedConnection['service'];
  if (values.service === undefined && env.PGSERVICE) {
    set('service', env.PGSERVICE, 'environment', 'environment variable PGSERVICE');
  }
  if (values.service) {
    const found = findService(values.service, serviceFileCandidates(values, env, location, options), fs);
    service = { name: values.service, file: found.file };
    for (const entry of found.entries) {
      set(entry.keyword, entry.value, 'service', `service "${values.service}" (${found.file}:${entry.line})`);
    }
  }

  // 3. The environment.
  for (const keyword of keywordOrder) {
    const variable = connectionKeywords[keyword];
    const value = variable === undefined ? undefined : env[variable];
    if (variable !== undefined && value !== undefined) {
      set(keyword, value, 'environment', `environment variable ${variable}`);
    }
  }
  if (options.applicationName !== undefined) {
    set('fallback_application_name', options.applicationName, 'default', 'the options');
  }

  // 4. Defaults. As in libpq, an empty value means "use the default".
  for (const keyword of keywordOrder) {
    if (values[keyword] === '') {
      delete values[keyword];
      origins.delete(keyword);
    }
  }
  validateParameters(values, originOf);
  const defaultHost = options.defaultHost ?? 'localhost';
  if (values.host === undefined && values.hostaddr === undefined) {
    set('host', defaultHost, 'default', 'the defaults');
  }
  if (values.port === undefined) set('port', '5432', 'default', 'the defaults');
  if (values.user === undefined) {
    const osUser = options.osUser || env.USER || env.LOGNAME || env.USERNAME;
    if (!osUser) {
      throw new PumError(
        PumErrorCode.InvalidArgument,
        'no user name: none was given, the OS user is unknown',
        {
          hint: 'set user in the connection string or the service, or PGUSER, or pass osUser',
        },
      );
    }
    set('user', osUser, 'default', 'the OS user name');
  }
  if (values.dbname === undefined) set('dbname', values.user as string, 'default', 'the user name');
  const hosts = expandHosts(values, defaultHost, platform);
  const first = hosts[0] as ResolvedHost;

  // 5. The password file, when no password was given.
  let passwordFile: string | undefined;
  const passwordSearch = [
    ...(options.overrides ? ['the overrides'] : []),
    ...(parsed.kind === 'url' ? ['the URL'] : parsed.kind === 'conninfo' ? ['the connection string'] : []),
    ...(service ? [`service file ${service.file} (service "${service.name}")`] : []),
    'PGPASSWORD',
  ];
  if (values.password === undefined) {
    const path = values.passfile ?? defaultPassfile(location);
    passwordSearch.push(
      path === undefined ? 'no password file (no home directory)' : `password file ${path}`,
    );
    if (path !== undefined) {
      const name = first.host ?? first.hostaddr ?? defaultHost;
      const result = readPasswordFile(
        path,
        {
          hosts: first.socket ? [name, 'localhost'] : [name],
          port: String(first.port),
          dbname: values.dbname as string,
          user: values.user as string,
        },
        fs,
        platform !== 'win32',
      );
      if (result.warning !== undefined) warnings.push(result.warning);
      if (result.password !== undefined) {
        set('password', result.password, 'passfile', `password file ${path}`);
        passwordFile = path;
      }
    }
  }

  const parameters: ConnectionParameters = { ...values };
  const ssl = sslConfig(parameters, { fs, location, originOf });
  const sources: { [K in ConnectionKeyword]?: ParameterSource } = {};
  for (const [keyword, origin] of origins) sources[keyword] = origin.source;
  return {
    parameters,
    sources,
    hosts,
    service,
    passwordFile,
    passwordSearch,
    clientConfig: pgClientConfig(parameters, first, ssl),
    childEnv: libpqEnvironment(parameters),
    warnings,
    describe: () => describeConnection(parameters, hosts),
  };
}

function serviceFileCandidates(
  values: ConnectionParameters,
  env: Readonly<Record<string, string | undefined>>,
  location: LibpqLocation,
  options: ResolveConnectionOptions,
): ServiceFileCandidate[] {
  const candidates: ServiceFileCandidate[] = [];
  const explicit = values.servicefile || env.PGSERVICEFILE;
  if (explicit) candidates.push({ path: explicit, required: true });
  else {
    const user = userServiceFile(location);
    if (user !== undefined) candidates.push({ path: user, required: false });
  }
  const dirs = env.PGSYSCONFDIR ? [env.PGSYSCONFDIR] : (options.sysconfDirs ?? defaultSysconfDirs);
  for (const dir of dirs)
    candidates.push({ path: joinPath(location.platform, dir, 'pg_service.conf'), required: false });
  return candidates;
}
