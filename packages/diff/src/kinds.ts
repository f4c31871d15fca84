/**
 * Object kind names as users write them: our snapshot names (`materializedViews`), their
 * snake and kebab forms (`materialized_views`, `materialized-views`), and PUM's nine names
 * (`tables, columns, constraints, views, sequences, indexes, triggers, functions, rules`),
 * which are ours too.
 */
import { PumError, PumErrorCode } from '@pum/core';
import { OBJECT_KINDS, type ObjectKind } from '@pum/introspect';

/** PUM's `check --ignore` choices, all of which name one of our kinds. */
export const PUM_KINDS: readonly ObjectKind[] = [
  'tables',
  'columns',
  'constraints',
  'views',
  'sequences',
  'indexes',
  'triggers',
  'functions',
  'rules',
];

const normalise = (name: string) => name.toLowerCase().replace(/[-_\s]/g, '');

const KIND_BY_NAME = new Map<string, ObjectKind>(OBJECT_KINDS.map((kind) => [normalise(kind), kind]));

/**
 * The kind a user means by `name`, in any of its spellings.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` naming the unknown kind and listing the valid ones.
 * @example
 * ```ts
 * parseKind('materialized-views'); // 'materializedViews'
 * ```
 */
export function parseKind(name: string): ObjectKind {
  const kind = KIND_BY_NAME.get(normalise(name));
  if (kind === undefined) {
    throw new PumError(PumErrorCode.InvalidArgument, `unknown object kind ${JSON.stringify(name)}`, {
      hint: `use one of: ${OBJECT_KINDS.join(', ')}`,
      details: { kind: name },
    });
  }
  return kind;
}

/**
 * A kind's name in words, for people (`defaultPrivileges` → `default privileges`): the one
 * mapping the text and HTML reports share. JSON keeps the snapshot names.
 *
 * @example
 * ```ts
 * kindInWords('materializedViews'); // 'materialized views'
 * ```
 */
export function kindInWords(kind: ObjectKind): string {
  return kind.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}
