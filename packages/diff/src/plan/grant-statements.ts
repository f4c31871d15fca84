/** The `GRANT` and `REVOKE` statements that take one list of grants to another. */
import type { Grant } from '@pum/introspect';
import { roleName } from './sql-names.js';

/**
 * Statements taking `before` to `after`: revokes first (privileges, then grant options), then
 * grants (plain, then with grant option). `on` writes `<privileges> ON <object>`; `prefix`
 * goes before each verb (`ALTER DEFAULT PRIVILEGES FOR ROLE … `).
 */
export function grantStatements(
  before: readonly Grant[],
  after: readonly Grant[],
  on: (privileges: readonly string[]) => string,
  prefix = '',
): string[] {
  const statements: string[] = [];
  const old = new Map(before.map((g) => [g.grantee, g]));
  const now = new Map(after.map((g) => [g.grantee, g]));
  for (const [grantee, grant] of old) {
    const kept = now.get(grantee);
    const revoked = grant.privileges.filter((p) => !kept?.privileges.includes(p));
    if (revoked.length > 0) statements.push(`${prefix}REVOKE ${on(revoked)} FROM ${roleName(grantee)};`);
    const optionRevoked = grant.grantable.filter(
      (p) => kept?.privileges.includes(p) && !kept.grantable.includes(p),
    );
    if (optionRevoked.length > 0) {
      statements.push(`${prefix}REVOKE GRANT OPTION FOR ${on(optionRevoked)} FROM ${roleName(grantee)};`);
    }
  }
  for (const [grantee, grant] of now) {
    const had = old.get(grantee);
    const plain = grant.privileges.filter(
      (p) => !grant.grantable.includes(p) && !had?.privileges.includes(p),
    );
    const withOption = grant.grantable.filter((p) => !had?.grantable.includes(p));
    if (plain.length > 0) statements.push(`${prefix}GRANT ${on(plain)} TO ${roleName(grantee)};`);
    if (withOption.length > 0)
      statements.push(`${prefix}GRANT ${on(withOption)} TO ${roleName(grantee)} WITH GRANT OPTION;`);
  }
  return statements;
}
