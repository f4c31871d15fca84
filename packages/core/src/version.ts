/**
 * Delta versions, compared as versions and never as text: `1.10.0 > 1.9.0`, `1.0 == 1.0.0`.
 * Accepts what PUM 0.x file names (`delta_1.3.2_x.sql`) and PUM 1.x changelog directory names
 * (`2025.0.1`) hold: dot-separated non-negative integers.
 */

import { PumError, PumErrorCode } from './errors.js';

/** A parsed version. */
export interface Version {
  /** The text as given, e.g. `1.10.0`. */
  readonly text: string;
  /** Its numeric parts, e.g. `[1, 10, 0]`. */
  readonly parts: readonly number[];
}

const VERSION_PATTERN = /^\d+(?:\.\d+)*$/;

/**
 * Parse a version such as `1.10.0` or `2025.0.1`.
 *
 * @throws {@link PumError} `PUM_INVALID_VERSION`, naming the input, when it is not a version.
 * @example
 * ```ts
 * parseVersion('1.10.0').parts; // [1, 10, 0]
 * ```
 */
export function parseVersion(text: string): Version {
  if (!VERSION_PATTERN.test(text)) {
    throw new PumError(PumErrorCode.InvalidVersion, `${JSON.stringify(text)} is not a version`, {
      hint: 'a version is numbers separated by dots, such as 1.2.0 or 2025.0.1',
      details: { input: text },
    });
  }
  const parts = text.split('.').map(Number);
  if (!parts.every(Number.isSafeInteger)) {
    throw new PumError(
      PumErrorCode.InvalidVersion,
      `${JSON.stringify(text)} has a part too large to compare`,
      {
        details: { input: text },
      },
    );
  }
  return Object.freeze({ text, parts: Object.freeze(parts) });
}

/**
 * Whether `text` is a version {@link parseVersion} accepts.
 *
 * @example
 * ```ts
 * isVersion('1.0'); // true
 * isVersion('1.0-beta'); // false
 * ```
 */
export function isVersion(text: string): boolean {
  return VERSION_PATTERN.test(text) && text.split('.').map(Number).every(Number.isSafeInteger);
}

/**
 * Compare two versions part by part; missing parts count as 0, so `1.0` equals `1.0.0`.
 * Returns a negative number, 0 or a positive number, ready for `Array.prototype.sort`.
 *
 * @throws {@link PumError} `PUM_INVALID_VERSION` when a string is not a version.
 * @example
 * ```ts
 * compareVersions('1.10.0', '1.9.0'); // 1
 * ['1.10.0', '1.9.0', '1.0'].sort(compareVersions); // ['1.0', '1.9.0', '1.10.0']
 * ```
 */
export function compareVersions(a: string | Version, b: string | Version): -1 | 0 | 1 {
  const left = typeof a === 'string' ? parseVersion(a).parts : a.parts;
  const right = typeof b === 'string' ? parseVersion(b).parts : b.parts;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const x = left[i] ?? 0;
    const y = right[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
