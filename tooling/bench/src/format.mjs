// @ts-check
/** Number formats shared by the benchmark reports. */

import { median, min } from './stats.mjs';

/** @param {number} kb */
export const kb2mb = (kb) => kb / 1024;
/** `1.23 s` @param {number} ms */
export const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
/** `123 ms` @param {number} ms */
export const fmtMs = (ms) => `${Math.round(ms)} ms`;
/** `123 MB`, from KiB as `maxRSS` gives them @param {number} kb */
export const fmtMb = (kb) => `${Math.round(kb2mb(kb))} MB`;
/** `1.2 MiB` @param {number} bytes */
export const fmtMiB = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
/** `10,000` @param {number} n */
export const fmtN = (n) => n.toLocaleString('en-US');
/** `1.6 / 1.4 / 1.8`, from `os.loadavg()` @param {number[]} load */
export const fmtLoad = (load) => load.map((x) => x.toFixed(1)).join(' / ');

/**
 * `median (min)` of repeated measurements.
 * @param {readonly number[]} values
 * @param {(value: number) => string} format
 * @example
 * ```js
 * medMin([1200, 1100, 1300], fmtS); // '1.20 s (1.10 s)'
 * ```
 */
export const medMin = (values, format) => `${format(median(values))} (${format(min(values))})`;
