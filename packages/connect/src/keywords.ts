/**
 * The libpq connection keywords we accept, with the environment variable libpq reads for
 * each, and the checks libpq applies to their values. The list follows PostgreSQL 18's
 * `PQconninfoOptions`; keywords added by a recent release are still accepted when the
 * server or client tools are older (they only matter to libpq, and libpq ignores unknown
 * environment variables).
 */

/**
 * Every libpq connection keyword and the `PG*` environment variable libpq reads for it
 * (`undefined` when libpq has none).
 *
 * @example
 * ```ts
 * connectionKeywords.host; // 'PGHOST'
 * connectionKeywords.keepalives; // undefined: only settable in a connection string
 * ```
 */
export const connectionKeywords = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  service: 'PGSERVICE',
  /** PostgreSQL 18. */
  servicefile: 'PGSERVICEFILE',
  /** PostgreSQL 16. */
  require_auth: 'PGREQUIREAUTH',
  channel_binding: 'PGCHANNELBINDING',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  client_encoding: 'PGCLIENTENCODING',
  options: 'PGOPTIONS',
  application_name: 'PGAPPNAME',
  fallback_application_name: undefined,
  keepalives: undefined,
  keepalives_idle: undefined,
  keepalives_interval: undefined,
  keepalives_count: undefined,
  tcp_user_timeout: undefined,
  sslmode: 'PGSSLMODE',
  /** PostgreSQL 17. */
  sslnegotiation: 'PGSSLNEGOTIATION',
  sslcompression: 'PGSSLCOMPRESSION',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  /** PostgreSQL 16. */
  sslcertmode: 'PGSSLCERTMODE',
  sslpassword: undefined,
  /** PostgreSQL 18. */
  sslkeylogfile: undefined,
  sslrootcert: 'PGSSLROOTCERT',
  sslcrl: 'PGSSLCRL',
  sslcrldir: 'PGSSLCRLDIR',
  sslsni: 'PGSSLSNI',
  requirepeer: 'PGREQUIREPEER',
  ssl_min_protocol_version: 'PGSSLMINPROTOCOLVERSION',
  ssl_max_protocol_version: 'PGSSLMAXPROTOCOLVERSION',
  /** PostgreSQL 18. */
  min_protocol_version: 'PGMINPROTOCOLVERSION',
  /** PostgreSQL 18. */
  max_protocol_version: 'PGMAXPROTOCOLVERSION',
  gssencmode: 'PGGSSENCMODE',
  krbsrvname: 'PGKRBSRVNAME',
  gsslib: 'PGGSSLIB',
  /** PostgreSQL 16. */
  gssdelegation: 'PGGSSDELEGATION',
  replication: undefined,
  target_session_attrs: 'PGTARGETSESSIONATTRS',
  /** PostgreSQL 16. */
  load_balance_hosts: 'PGLOADBALANCEHOSTS',
  /** PostgreSQL 18. */
  oauth_issuer: undefined,
  /** PostgreSQL 18. */
  oauth_client_id: undefined,
  /** PostgreSQL 18. */
  oauth_client_secret: undefined,
  /** PostgreSQL 18. */
  oauth_scope: undefined,
} as const satisfies Record<string, string | undefined>;

/**
 * A libpq connection keyword.
 *
 * @example
 * ```ts
 * const keyword: ConnectionKeyword = 'target_session_attrs';
 * ```
 */
export type ConnectionKeyword = keyof typeof connectionKeywords;

/**
 * Connection parameters as libpq keeps them: keyword → text value. Absent means "not set".
 *
 * @example
 * ```ts
 * const parameters: ConnectionParameters = { host: 'db.example', port: '5432', dbname: 'qwat' };
 * ```
 */
export type ConnectionParameters = { readonly [K in ConnectionKeyword]?: string };

/** The keywords in declaration order (used wherever output must be stable). */
export const keywordOrder = Object.keys(connectionKeywords) as readonly ConnectionKeyword[];

/**
 * Environment variables that point libpq at a connection without being a keyword's
 * variable: a child process must not inherit them from its parent once we resolved the
 * connection ourselves.
 */
export const extraConnectionVariables: readonly string[] = [
  // Removed from libpq long ago (replaced by sslmode), still honoured by very old tools.
  'PGREQUIRESSL',
];

/** Whether `word` is one of {@link connectionKeywords} (case-sensitive, as in libpq). */
export function isConnectionKeyword(word: string): word is ConnectionKeyword {
  return Object.hasOwn(connectionKeywords, word);
}

/** The SSL modes of libpq, weakest first. */
export const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/**
 * One of libpq's `sslmode` values.
 *
 * @example
 * ```ts
 * const mode: SslMode = 'verify-full';
 * ```
 */
export type SslMode = (typeof sslModes)[number];

/** Keywords whose value must be one of a fixed set (libpq rejects anything else). */
export const enumeratedValues: { readonly [K in ConnectionKeyword]?: readonly string[] } = {
  sslmode: sslModes,
  gssencmode: ['disable', 'prefer', 'require'],
  channel_binding: ['disable', 'prefer', 'require'],
  target_session_attrs: ['any', 'read-write', 'read-only', 'primary', 'standby', 'prefer-standby'],
  load_balance_hosts: ['disable', 'random'],
  sslcertmode: ['disable', 'allow', 'require'],
  sslnegotiation: ['postgres', 'direct'],
};

/** Keywords whose value must be an integer (libpq's `parse_int_param`). */
export const integerKeywords: readonly ConnectionKeyword[] = [
  'connect_timeout',
  'keepalives',
  'keepalives_idle',
  'keepalives_interval',
  'keepalives_count',
  'tcp_user_timeout',
];

/**
 * The known keyword closest to a misspelt one, for "did you mean" hints; `undefined` when
 * nothing is close.
 */
export function suggestKeyword(word: string): ConnectionKeyword | undefined {
  const lower = word.toLowerCase();
  if (isConnectionKeyword(lower)) return lower;
  if (Object.hasOwn(ALIASES, lower)) return ALIASES[lower];
  let best: ConnectionKeyword | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const keyword of keywordOrder) {
    const distance = editDistance(lower, keyword);
    if (distance < bestDistance) {
      best = keyword;
      bestDistance = distance;
    }
  }
  return best;
}

// Names other drivers and tools use for libpq keywords.
const ALIASES: Readonly<Record<string, ConnectionKeyword>> = {
  database: 'dbname',
  db: 'dbname',
  username: 'user',
  hostname: 'host',
  server: 'host',
  pass: 'password',
  pwd: 'password',
  ssl: 'sslmode',
  timeout: 'connect_timeout',
  application: 'application_name',
  appname: 'application_name',
};

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
