/** Name patterns: globs for object names, SQL LIKE patterns for column names (PUM's `-P`). */

function escapeRegex(ch: string): string {
  return /[\\^$.|+()[\]{}*?]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * Compile a glob (`*` any run of characters, dots included; `?` one character) to an anchored
 * regular expression.
 *
 * @example
 * ```ts
 * globPattern('qwat_od.tmp_*').test('qwat_od.tmp_pipes'); // true
 * ```
 */
export function globPattern(glob: string): RegExp {
  let source = '^';
  for (const ch of glob) source += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegex(ch);
  return new RegExp(`${source}$`, 'u');
}

/**
 * Compile an SQL LIKE pattern (`%` any run, `_` one character, `\` escapes the next one) to an
 * anchored regular expression.
 *
 * @example
 * ```ts
 * likePattern('%_old').test('name_old'); // true
 * ```
 */
export function likePattern(like: string): RegExp {
  let source = '^';
  for (let i = 0; i < like.length; i++) {
    const ch = like[i] as string;
    if (ch === '\\' && i + 1 < like.length) source += escapeRegex(like[++i] as string);
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += escapeRegex(ch);
  }
  return new RegExp(`${source}$`, 'su');
}
