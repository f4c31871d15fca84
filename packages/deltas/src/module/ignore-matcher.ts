/** The `ignore` option of both module loaders: globs skipping directory entries on purpose. */

/**
 * A matcher for `ignore` globs (`*` any run, `/` included; `?` one character; all else literal),
 * tested against an entry's name and its path in the module.
 *
 * @example
 * ```ts
 * ignoreMatcher(['README.md'])('README.md', 'delta/README.md'); // true
 * ```
 */
export function ignoreMatcher(globs: readonly string[]): (name: string, path: string) => boolean {
  const patterns = globs.map((glob) => {
    const source = [...glob]
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    return new RegExp(`^${source}$`);
  });
  return (name, path) => patterns.some((re) => re.test(name) || re.test(path));
}
