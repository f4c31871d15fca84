/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`): what a role's future objects are granted.
 * A global entry replaces the built-in defaults (the role holds everything, PUBLIC may execute
 * functions and use types); an entry for a schema adds to them.
 */
import { quoteIdent } from '@pum/core';
import type { DefaultPrivilege, Grant } from '@pum/introspect';
import type { Draft, KindStatements } from '../plan-context.js';
import { roleName } from '../sql-names.js';

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
  const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(entry.role)}${entry.schema !== null ? ` IN SCHEMA ${quoteIdent(entry.schema)}` : ''}`;
  const on = (privileges: readonly string[]) =>
    `${privileges.join(', ')} ON ${entry.objectType.toUpperCase()}`;
  const out: Draft[] = [];
  const old = new Map(before.map((g) => [g.grantee, g]));
  const now = new Map(after.map((g) => [g.grantee, g]));
  for (const [grantee, grant] of old) {
    const revoked = grant.privileges.filter((p) => !now.get(grantee)?.privileges.includes(p));
    if (revoked.length > 0) out.push({ sql: `${prefix} REVOKE ${on(revoked)} FROM ${roleName(grantee)};` });
  }
  for (const [grantee, grant] of now) {
    const had = old.get(grantee);
    const plain = grant.privileges.filter(
      (p) => !grant.grantable.includes(p) && !had?.privileges.includes(p),
    );
    const withOption = grant.grantable.filter((p) => !had?.grantable.includes(p));
    if (plain.length > 0) out.push({ sql: `${prefix} GRANT ${on(plain)} TO ${roleName(grantee)};` });
    if (withOption.length > 0)
      out.push({ sql: `${prefix} GRANT ${on(withOption)} TO ${roleName(grantee)} WITH GRANT OPTION;` });
  }
  return out;
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
