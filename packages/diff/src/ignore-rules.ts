/**
 * Object-level ignore rules: per kind (or `*` for every kind), a glob on the object's name,
 * `!` to re-include. As in .gitignore, the last rule that matches decides.
 *
 * Rule file format, one rule per line, `#` comments:
 *
 * ```
 * tables     qwat_od.tmp_*
 * tables     !qwat_od.tmp_keep
 * functions  *.debug_*
 * *          audit.*
 * ```
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { ObjectKind } from '@pum/introspect';
import { parseKind } from './kinds.js';
import { globPattern } from './patterns.js';

/** One ignore rule. */
export interface IgnoreRule {
  /** The kind it applies to, or `*` for every kind. */
  kind: ObjectKind | '*';
  /** A glob on the object's name (its key without the `kind:` prefix, e.g. `qwat_od.pipe.id`). */
  pattern: string;
  /** `!pattern`: re-include what earlier rules ignored. */
  negate: boolean;
}

/**
 * Parse rules from the text of an ignore file.
 *
 * @param source - the file name, for error messages.
 * @throws {@link PumError} `PUM_INVALID_FILE` naming `source:line` for a malformed line or an unknown kind.
 * @example
 * ```ts
 * parseIgnoreRules('tables qwat_od.tmp_*\ntables !qwat_od.tmp_keep', '.pumignore');
 * ```
 */
export function parseIgnoreRules(text: string, source = 'ignore rules'): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const where = `${source}:${index + 1}`;
    const match = /^(\S+)\s+(\S+)$/.exec(line);
    if (!match) {
      throw new PumError(
        PumErrorCode.InvalidFile,
        `${where}: expected "<kind> <pattern>", found ${JSON.stringify(raw.trim())}`,
        {
          hint: 'write one rule per line, e.g. "tables qwat_od.tmp_*" or "* audit.*"; prefix the pattern with ! to re-include',
          details: { source, line: index + 1 },
        },
      );
    }
    const [, kindName, rawPattern] = match as unknown as [string, string, string];
    let kind: ObjectKind | '*';
    try {
      kind = kindName === '*' ? '*' : parseKind(kindName);
    } catch (error) {
      throw new PumError(PumErrorCode.InvalidFile, `${where}: ${(error as Error).message}`, {
        hint: (error as PumError).hint,
        details: { source, line: index + 1 },
      });
    }
    const negate = rawPattern.startsWith('!');
    rules.push({ kind, pattern: negate ? rawPattern.slice(1) : rawPattern, negate });
  });
  return rules;
}

/** Decides whether an object is ignored. */
export type IgnoreMatcher = (kind: ObjectKind, name: string) => boolean;

/** Compile rules into a matcher. */
export function compileIgnoreRules(rules: readonly IgnoreRule[]): IgnoreMatcher {
  const compiled = rules.map((rule) => ({ ...rule, regex: globPattern(rule.pattern) }));
  return (kind, name) => {
    let ignored = false;
    for (const rule of compiled) {
      if ((rule.kind === '*' || rule.kind === kind) && rule.regex.test(name)) ignored = !rule.negate;
    }
    return ignored;
  };
}
