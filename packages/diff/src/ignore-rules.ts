/**
 * Ignore rules: per kind (or `*` for every kind), a glob on the object's name, `!` to
 * re-include. As in .gitignore, the last rule that matches decides. A rule whose kind names a
 * field (`columns.position`) ignores that field only, on the objects its glob matches (every
 * object when the glob is left out).
 *
 * Rule file format, one rule per line, `#` comments:
 *
 * ```
 * tables     qwat_od.tmp_*
 * tables     !qwat_od.tmp_keep
 * functions  *.debug_*
 * *          audit.*
 * columns.position
 * sequences.dataType  qwat_od.*
 * ```
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { ObjectKind } from '@pum/introspect';
import { parseFieldName } from './field-names.js';
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
  /**
   * A field of the kind (dotted, as in the report: `position`, `identity.start`): the rule
   * ignores differences of that field (and of the fields under it) instead of whole objects.
   */
  field?: string;
  /** Where the rule comes from, for the report's counts (`.pumignore:3`, `--ignore-field`). */
  source?: string;
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
    const match = /^(\S+)(?:\s+(\S+))?$/.exec(line);
    const fieldRule = match !== null && (match[1] as string).includes('.');
    if (!match || (match[2] === undefined && !fieldRule)) {
      throw new PumError(
        PumErrorCode.InvalidFile,
        `${where}: expected "<kind> <pattern>", found ${JSON.stringify(raw.trim())}`,
        {
          hint: 'write one rule per line, e.g. "tables qwat_od.tmp_*", "* audit.*" or "columns.position"; prefix the pattern with ! to re-include',
          details: { source, line: index + 1 },
        },
      );
    }
    const [, kindName, rawPattern = '*'] = match as unknown as [string, string, string | undefined];
    let kind: ObjectKind | '*';
    let field: string | undefined;
    try {
      if (fieldRule) ({ kind, field } = parseFieldName(kindName));
      else kind = kindName === '*' ? '*' : parseKind(kindName);
    } catch (error) {
      throw new PumError(PumErrorCode.InvalidFile, `${where}: ${(error as Error).message}`, {
        hint: (error as PumError).hint,
        details: { source, line: index + 1 },
      });
    }
    const negate = rawPattern.startsWith('!');
    rules.push({
      kind,
      pattern: negate ? rawPattern.slice(1) : rawPattern,
      negate,
      ...(field !== undefined ? { field } : {}),
      source: where,
    });
  });
  return rules;
}

/** Decides whether an object is ignored. */
export type IgnoreMatcher = (kind: ObjectKind, name: string) => boolean;

/** Compile the object-level rules (those without a field) into a matcher. */
export function compileIgnoreRules(rules: readonly IgnoreRule[]): IgnoreMatcher {
  const decide = decidingRule(rules.filter((rule) => rule.field === undefined));
  return (kind, name) => decide(kind, name) !== undefined;
}

/**
 * The rule that ignores an object (`field` undefined) or one field of it, or undefined when
 * none does: the last matching rule decides, and a matching `!` rule re-includes.
 */
export type RuleDecider = (kind: ObjectKind, name: string, field?: string) => IgnoreRule | undefined;

/** Whether a rule about `ruleField` covers `field` (itself or a field under it). */
const covers = (ruleField: string, field: string) => field === ruleField || field.startsWith(`${ruleField}.`);

/**
 * Compile rules into a {@link RuleDecider}. Object rules are asked with no field; field rules
 * with the field of a difference.
 */
export function decidingRule(rules: readonly IgnoreRule[]): RuleDecider {
  const compiled = rules.map((rule) => ({ rule, regex: globPattern(rule.pattern) }));
  return (kind, name, field) => {
    let decided: IgnoreRule | undefined;
    for (const { rule, regex } of compiled) {
      if (rule.kind !== '*' && rule.kind !== kind) continue;
      if (
        field === undefined
          ? rule.field !== undefined
          : rule.field === undefined || !covers(rule.field, field)
      )
        continue;
      if (regex.test(name)) decided = rule.negate ? undefined : rule;
    }
    return decided;
  };
}
