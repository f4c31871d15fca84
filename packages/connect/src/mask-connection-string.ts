/**
 * Hides the secrets of a connection string before it goes into an error message or a log,
 * also when the string is malformed (so it cannot rely on the parsers).
 */

const MASK = '****';
const SECRET_KEYWORDS = '(?:ssl)?password|oauth_client_secret';

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.:-]*:\/\//;
// The password runs to the LAST `@`: one holding a raw `@`, `/`, `?` or `#` (`me:p@ss@db`) is
// masked whole, even if that hides a path or query that has an `@` too.
const URL_USERINFO = /^([A-Za-z][A-Za-z0-9+.:-]*:\/\/[^@/:]*:).*@/;
const URL_QUERY_SECRET = new RegExp(`([?&](?:${SECRET_KEYWORDS})=)[^&]*`, 'g');
const CONNINFO_SECRET = new RegExp(
  `((?:^|\\s)(?:${SECRET_KEYWORDS})\\s*=\\s*)(?:'(?:[^'\\\\]|\\\\.)*(?:'|$)|(?:[^\\s\\\\]|\\\\.|\\\\$)*)`,
  'g',
);

/**
 * Replace every password in a URL or conninfo string by `****`, for messages and logs.
 *
 * @example
 * ```ts
 * maskConnectionString('postgres://me:s3cret@db/qwat'); // 'postgres://me:****@db/qwat'
 * maskConnectionString("host=db password='it\\'s'");    // 'host=db password=****'
 * ```
 */
export function maskConnectionString(input: string): string {
  if (URL_SCHEME.test(input)) {
    return input.replace(URL_USERINFO, `$1${MASK}@`).replace(URL_QUERY_SECRET, `$1${MASK}`);
  }
  return input.replace(CONNINFO_SECRET, `$1${MASK}`);
}
