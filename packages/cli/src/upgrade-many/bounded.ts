/** Running work over a list with at most a given number of items at once. */

/**
 * Run `work` for each item, at most `jobs` at a time, in list order; an item starts only while
 * `mayStart()` says so (an item not started gives `undefined`). `work` must not throw: its
 * failures are its results.
 *
 * @example
 * ```ts
 * const sizes = await eachBounded(files, 4, (file) => stat(file).then((s) => s.size), () => !signal.aborted);
 * ```
 */
export async function eachBounded<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T, index: number) => Promise<R>,
  mayStart: () => boolean = () => true,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = items.map(() => undefined);
  let next = 0;
  const worker = async () => {
    while (next < items.length && mayStart()) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}
