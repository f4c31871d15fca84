// @ts-check
/** Summaries of repeated measurements. */

/**
 * The median of `values` (the mean of the middle two for an even count).
 * @param {readonly number[]} values
 * @returns {number}
 * @example
 * ```js
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values) {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (/** @type {number} */ i) => /** @type {number} */ (sorted[i]);
  return sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * The smallest of `values`.
 * @param {readonly number[]} values
 * @returns {number}
 */
export function min(values) {
  if (values.length === 0) throw new RangeError('min of no values');
  return Math.min(...values);
}
