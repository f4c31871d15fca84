/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`): what a role's future objects are granted.
 * A global entry replaces the built-in defaults (the role holds everything, PUBLIC may execute
 * functions and use types); an entry for a schema adds to them.
 */
import { quoteIdent } from '@pum/core';
import type { DefaultPrivilege, Grant } from '@pum/introspect';
import { grantStatements } from '../grant-statements.js';
import type { Draft, KindStatements } from '../plan-context.js';

const PUBLIC_DEFAULTS: Partial<Record<DefaultPrivilege['objectType'], string[]>> = {
  functions: ['EXECUTE'],
  types: ['USAGE'],
};

/** What holds when there is no entry: nothing for a schema's entry, the built-in defaults globally. */
function baseline(entry: DefaultPrivilege, other: DefaultPrivilege | undefined): Grant[] {
  if (entry.schema !== null) return [];
  const own = (other ?? entry).privileges.filter((g) => g.grantee === entry.role);
  const pub = PUBLIC_DEFAULTS[entry.objectType];
  return pub ? [...own, { grantee: 'PUBLIC', privileges: pub, grantable: [] }] : own;
}

/** `GRANT`/`REVOKE` forms of `ALTER DEFAULT PRIVILEGES` that take `before` to `after`. */
function statements(entry: DefaultPrivilege, before: readonly Grant[], after: readonly Grant[]): Draft[] {
  const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(entry.role)}${entry.schema !== null ? ` IN SCHEMA ${quoteIdent(entry.schema)}` : ''} `;
  const on = (privileges: readonly string[]) =>
    `${privileges.join(', ')} ON ${entry.objectType.toUpperCase()}`;
  return grantStatements(before, after, on, prefix).map((sql) => ({ sql }));
}

/** Default privileges. */
export const defaultPrivilegeStatements: KindStatements<DefaultPrivilege> = {
  create(entry) {
    return statements(entry, baseline(entry, undefined), entry.privileges);
  },
  drop(entry) {
    return statements(entry, entry.privileges, baseline(entry, undefined));
  },
  alter(from, to) {
    return statements(to, from.privileges, to.privileges);
  },
};
