/**
 * What `pg_dump --version` (and `pg_restore`, `psql`) print, read as a version: the first line
 * is `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)`, `pg_dump (PostgreSQL) 18beta1` or,
 * before PostgreSQL 10, `pg_dump (PostgreSQL) 9.6.24`.
 */

/**
 * A PostgreSQL program's version.
 *
 * @example
 * ```ts
 * const version: ToolVersion | undefined = parseToolVersion('pg_dump (PostgreSQL) 17.2');
 * version?.major; // 17
 * ```
 */
export interface ToolVersion {
  /** The version as printed, e.g. `15.18`, `18beta1`, `9.6.24`. */
  readonly version: string;
  /**
   * The major version: `15` for 15.18, and `9.6` for 9.6.24 (before PostgreSQL 10 the major
   * version had two parts).
   */
  readonly major: number;
  /** The minor version (`18` for 15.18); 0 for a beta or development build. */
  readonly minor: number;
}

const VERSION_LINE = /^\s*\S+\s+\([^)]*\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?(\S*)/;

/**
 * Read the output of `<program> --version`.
 *
 * @returns `undefined` when the text holds no version.
 * @example
 * ```ts
 * parseToolVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n');
 * // { version: '15.18', major: 15, minor: 18 }
 * parseToolVersion('pg_dump (PostgreSQL) 9.6.24'); // { version: '9.6.24', major: 9.6, minor: 24 }
 * ```
 */
export function parseToolVersion(output: string): ToolVersion | undefined {
  const match = VERSION_LINE.exec(output.split(/\r?\n/, 1)[0] ?? '');
  if (!match) return undefined;
  const first = Number(match[1]);
  const second = match[2] === undefined ? undefined : Number(match[2]);
  const third = match[3] === undefined ? undefined : Number(match[3]);
  const version = `${match[1]}${match[2] === undefined ? '' : `.${match[2]}`}${match[3] === undefined ? '' : `.${match[3]}`}${match[4] ?? ''}`;
  if (first < 10) {
    // 9.6.24: major 9.6, minor 24.
    return { version, major: first + (second ?? 0) / 10, minor: third ?? 0 };
  }
  return { version, major: first, minor: second ?? 0 };
}

/**
 * The major version of a server from its `server_version_num` (`150018` → 15, `90624` → 9.6).
 *
 * @example
 * ```ts
 * serverMajorFromNum(170002); // 17
 * ```
 */
export function serverMajorFromNum(num: number): number {
  if (num >= 100_000) return Math.floor(num / 10_000);
  return Math.floor(num / 10_000) + (Math.floor(num / 100) % 100) / 10;
}

/**
 * Order two versions, oldest first: by major, then minor; a release sorts after a beta of the
 * same major.
 */
export function compareToolVersions(a: ToolVersion, b: ToolVersion): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  const aPre = /[a-z]/i.test(a.version);
  const bPre = /[a-z]/i.test(b.version);
  return aPre === bPre ? 0 : aPre ? -1 : 1;
}
