/**
 * Privileges changed on objects that belong to an extension (`REVOKE EXECUTE ON FUNCTION
 * public.st_buffer(…) FROM PUBLIC`): granted and revoked from what the extension gave the object
 * to what the target has. Recorded on one side only, the other side has the extension's own
 * privileges (`initialPrivileges`).
 */
import { qualifiedName, quoteIdent } from '@pum/core';
import { type ExtensionMemberPrivilege, type Grant, objectKey } from '@pum/introspect';
import { grantStatements } from '../grant-statements.js';
import type { Draft, KindStatements } from '../plan-context.js';

/** `<privileges> ON <object>` for the member. */
function on(member: ExtensionMemberPrivilege): (privileges: readonly string[]) => string {
  const name = qualifiedName(member.schema, member.name);
  switch (member.objectType) {
    case 'COLUMN':
      return (p) =>
        `${p.map((x) => `${x} (${quoteIdent(member.column ?? '')})`).join(', ')} ON TABLE ${name}`;
    case 'FUNCTION':
    case 'PROCEDURE':
      return (p) => `${p.join(', ')} ON ${member.objectType} ${name}(${member.identityArguments ?? ''})`;
    default:
      return (p) => `${p.join(', ')} ON ${member.objectType} ${name}`;
  }
}

function grants(
  member: ExtensionMemberPrivilege,
  before: readonly Grant[],
  after: readonly Grant[],
): Draft[] {
  return grantStatements(before, after, on(member)).map((sql) => ({
    sql,
    action: 'alter' as const,
    after: [objectKey('extension', member.extension)],
  }));
}

/** Privileges of extension members. */
export const extensionMemberPrivilegeStatements: KindStatements<ExtensionMemberPrivilege> = {
  create(member) {
    return grants(member, member.initialPrivileges, member.privileges);
  },
  drop(member) {
    return grants(member, member.privileges, member.initialPrivileges);
  },
  alter(from, to) {
    const out = grants(to, from.privileges, to.privileges);
    if (out.length === 0) {
      // Only what the extension gave differs (another version of it): nothing a GRANT can change.
      return [
        {
          sql: `-- ${to.key.slice(to.key.indexOf(':') + 1)}: the extension ${quoteIdent(to.extension)} gives it other privileges on the target side; the privileges themselves are equal`,
          hazards: ['manual'],
        },
      ];
    }
    return out;
  },
};
