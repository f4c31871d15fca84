/**
 * The options that say what a comparison compares, shared by `pum check` and
 * `pum test-and-upgrade` (PUM's `-i`, `-N`, `-P` and pum's additions).
 */
import type { Command } from 'commander';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The comparison options, as commander parses them. */
export interface CompareOptions {
  ignore?: string[];
  excludeSchema: string[];
  includeSchema: string[];
  excludeFieldPattern: string[];
  ignoreFile?: string;
  ignoreField: string[];
  exactExpressions?: boolean;
  ignoreOwners?: boolean;
  ignorePrivileges?: boolean;
  ignoreComments?: boolean;
  ignoreExtensionVersions?: boolean;
  includeExtensionMembers?: boolean;
}

/** Add the comparison options to `command`. */
export function addCompareOptions(command: Command): Command {
  return command
    .option(
      '-i, --ignore <kinds...>',
      "object kinds not to compare (PUM's nine names and every kind pum models)",
    )
    .option('-N, --exclude-schema <glob>', 'leave out a schema (repeatable, globs)', collect, [])
    .option('--include-schema <glob>', 'compare only these schemas (repeatable, globs)', collect, [])
    .option(
      '-P, --exclude-field-pattern <like>',
      'leave out columns whose name matches an SQL LIKE pattern (repeatable)',
      collect,
      [],
    )
    .option(
      '--ignore-field <kind.field>',
      'a field not to compare, named as in the JSON report: columns.position, sequences.dataType… (repeatable)',
      collect,
      [],
    )
    .option(
      '--ignore-file <file>',
      'ignore rules, "<kind> <glob>" or "<kind>.<field> [glob]" per line, ! to re-include',
    )
    .option(
      '--exact-expressions',
      'report expressions (checks, defaults, index predicates) whose text differs even when the server reads them as the same',
    )
    .option('--ignore-owners', 'do not compare owners')
    .option('--ignore-privileges', 'do not compare privileges')
    .option('--ignore-comments', 'do not compare comments')
    .option('--ignore-extension-versions', 'do not compare extension versions')
    .option('--include-extension-members', 'also compare objects that belong to extensions');
}
