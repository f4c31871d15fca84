/**
 * libpq's connection URIs, read as `conninfo_uri_parse_options` reads them:
 * `postgresql://[user[:password]@][host][:port][,host[:port]…][/dbname][?keyword=value&…]`.
 * Every part is percent-decoded (`+` stays a plus), `%00` is refused, IPv6 addresses go in
 * brackets, an empty host leaves the host unset (so `?host=/socket/dir` or the environment
 * supplies it), query keywords are libpq keywords (plus JDBC's `ssl=true`), and a query
 * value overrides the same keyword from the authority.
 */

import { malformedInput } from './connection-errors.js';
import { type ConnectionParameters, isConnectionKeyword, suggestKeyword } from './keywords.js';

const PREFIXES = ['postgresql://', 'postgres://'] as const;

/** The length of the libpq URI prefix `input` starts with, or 0 (case-sensitive, as libpq). */
export function urlPrefixLength(input: string): number {
  for (const prefix of PREFIXES) if (input.startsWith(prefix)) return prefix.length;
  return 0;
}

/**
 * Parse a `postgres://` or `postgresql://` URL into parameters.
 *
 * @example
 * ```ts
 * parseConnectionUrl('postgresql://me:p%40ss@[::1]:5433/qwat?sslmode=require');
 * // { user: 'me', password: 'p@ss', host: '::1', port: '5433', dbname: 'qwat', sslmode: 'require' }
 * ```
 */
export function parseConnectionUrl(input: string): ConnectionParameters {
  const prefixLength = urlPrefixLength(input);
  if (prefixLength === 0) {
    throw malformedInput('URL', input, 'a connection URL must start with postgresql:// or postgres://');
  }
  const parameters: Record<string, string> = {};
  // Offsets below are in UTF-16 units of `input`; positions are reported in characters.
  const positionOf = (offset: number): number => Array.from(input.slice(0, offset)).length + 1;
  const decode = (text: string, offset: number, secret = false): string =>
    percentDecode(input, text, offset, positionOf, secret);

  let p = prefixLength;
  const at = scan(input, p, '@/');
  if (input[at] === '@') {
    const userinfo = input.slice(p, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (user !== '') parameters.user = decode(user, p);
    if (colon !== -1) {
      const password = userinfo.slice(colon + 1);
      if (password !== '') parameters.password = decode(password, p + colon + 1, true);
    }
    p = at + 1;
  }

  const hosts: string[] = [];
  const ports: string[] = [];
  let terminator: string | undefined;
  for (;;) {
    let host: string;
    let hostOffset = p;
    if (input[p] === '[') {
      hostOffset = p + 1;
      const close = input.indexOf(']', p + 1);
      if (close === -1) {
        throw malformedInput('URL', input, 'missing "]" after the IPv6 address', { position: positionOf(p) });
      }
      if (close === p + 1) {
        throw malformedInput('URL', input, 'empty IPv6 address', { position: positionOf(p) });
      }
      host = input.slice(p + 1, close);
      p = close + 1;
      const next = input[p];
      if (next !== undefined && !':/?,'.includes(next)) {
        throw malformedInput(
          'URL',
          input,
          `unexpected character "${next}" after the IPv6 address (expected ":", "/", "?" or ",")`,
          { position: positionOf(p) },
        );
      }
    } else {
      const end = scan(input, p, ':/?,');
      host = input.slice(p, end);
      p = end;
    }
    hosts.push(decode(host, hostOffset));
    terminator = input[p];

    let port = '';
    if (terminator === ':') {
      const end = scan(input, p + 1, '/?,');
      port = decode(input.slice(p + 1, end), p + 1);
      p = end;
      terminator = input[p];
    }
    ports.push(port);

    if (terminator !== ',') break;
    p++;
  }
  const hostList = hosts.join(',');
  const portList = ports.join(',');
  // An empty host (postgresql:///db) leaves host unset, so ?host= or PGHOST still applies.
  if (hostList !== '') parameters.host = hostList;
  if (portList !== '') parameters.port = portList;

  if (terminator === '/') {
    const end = scan(input, p + 1, '?');
    const dbname = input.slice(p + 1, end);
    // An empty path leaves dbname unset, so PGDATABASE still applies (as in libpq).
    if (dbname !== '') parameters.dbname = decode(dbname, p + 1);
    p = end;
    terminator = input[p];
  }

  if (terminator === '?') parseQuery(input, p + 1, parameters, decode, positionOf);
  return parameters;
}

function parseQuery(
  input: string,
  start: number,
  parameters: Record<string, string>,
  decode: (text: string, offset: number, secret?: boolean) => string,
  positionOf: (offset: number) => number,
): void {
  let p = start;
  while (p < input.length) {
    const end = scan(input, p, '&');
    const pair = input.slice(p, end);
    const equals = pair.indexOf('=');
    if (equals === -1) {
      throw malformedInput('URL', input, `missing "=" in query parameter "${pair}"`, {
        position: positionOf(p),
      });
    }
    if (pair.indexOf('=', equals + 1) !== -1) {
      throw malformedInput('URL', input, `extra "=" in query parameter "${pair.slice(0, equals)}"`, {
        position: positionOf(p + pair.indexOf('=', equals + 1)),
        hint: 'percent-encode "=" inside a value as %3D',
      });
    }
    let keyword = decode(pair.slice(0, equals), p);
    let value = decode(pair.slice(equals + 1), p + equals + 1, /password|secret/.test(keyword));
    // libpq accepts JDBC's spelling for compatibility.
    if (keyword === 'ssl' && value === 'true') {
      keyword = 'sslmode';
      value = 'require';
    }
    if (!isConnectionKeyword(keyword)) {
      const suggestion = suggestKeyword(keyword);
      throw malformedInput('URL', input, `unknown connection parameter "${keyword}" in the query`, {
        position: positionOf(p),
        hint:
          suggestion === undefined
            ? 'query parameters must be libpq keywords (sslmode, application_name, host, …)'
            : `did you mean "${suggestion}"?`,
        details: { keyword },
      });
    }
    parameters[keyword] = value;
    p = end + 1;
  }
}

/** The index of the first character of `stops` at or after `from`, or the end of `text`. */
function scan(text: string, from: number, stops: string): number {
  let index = from;
  while (index < text.length && !stops.includes(text[index] as string)) index++;
  return index;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function percentDecode(
  input: string,
  text: string,
  offset: number,
  positionOf: (offset: number) => number,
  secret: boolean,
): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char !== '%') {
      const codePoint = text.codePointAt(i) as number;
      const whole = String.fromCodePoint(codePoint);
      bytes.push(...encoder.encode(whole));
      i += whole.length - 1;
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
      const token = secret ? 'in the password' : `"%${hex}"`;
      throw malformedInput('URL', input, `invalid percent-encoding ${token}`, {
        position: positionOf(offset + i),
        hint: 'write a literal "%" as %25; every "%" must be followed by two hexadecimal digits',
      });
    }
    const byte = Number.parseInt(hex, 16);
    if (byte === 0) {
      throw malformedInput('URL', input, 'forbidden value %00 in percent-encoding', {
        position: positionOf(offset + i),
      });
    }
    bytes.push(byte);
    i += 2;
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    throw malformedInput('URL', input, 'percent-encoded bytes are not valid UTF-8', {
      position: positionOf(offset),
    });
  }
}
