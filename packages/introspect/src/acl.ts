/**
 * Privileges. The server gives each ACL as `aclitem[]` text (`grantee=privs/grantor`), already
 * normalised against `acldefault()` in SQL, so "never granted" and "granted the defaults
 * explicitly" look the same. This module turns that text into sorted, comparable grants.
 */
import { z } from 'zod';

/** One grantee's privileges on an object. */
export const GrantSchema = z.object({
  /** A role name, or `PUBLIC`. */
  grantee: z.string(),
  /** Privileges held, sorted: `SELECT`, `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`, `REFERENCES`, `TRIGGER`, `MAINTAIN` (17+), `EXECUTE`, `USAGE`, `CREATE`, `CONNECT`, `TEMPORARY`, `SET`, `ALTER SYSTEM`. */
  privileges: z.array(z.string()),
  /** The subset held WITH GRANT OPTION, sorted. */
  grantable: z.array(z.string()),
});

/** One grantee's privileges on an object. */
export type Grant = z.infer<typeof GrantSchema>;

const PRIVILEGE_BY_LETTER: Readonly<Record<string, string>> = {
  r: 'SELECT',
  w: 'UPDATE',
  a: 'INSERT',
  d: 'DELETE',
  D: 'TRUNCATE',
  x: 'REFERENCES',
  t: 'TRIGGER',
  m: 'MAINTAIN',
  X: 'EXECUTE',
  U: 'USAGE',
  C: 'CREATE',
  c: 'CONNECT',
  T: 'TEMPORARY',
  s: 'SET',
  A: 'ALTER SYSTEM',
};

/** Read a role name as aclitem text writes it: bare, or double-quoted with `""` for a quote. */
function readRole(text: string, start: number): [name: string, next: number] {
  if (text[start] !== '"') {
    let end = start;
    while (end < text.length && text[end] !== '=' && text[end] !== '/') end++;
    return [text.slice(start, end), end];
  }
  let name = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '"') {
        name += '"';
        i += 2;
        continue;
      }
      return [name, i + 1];
    }
    name += text[i];
    i++;
  }
  throw new Error(`unterminated role name in aclitem ${JSON.stringify(text)}`);
}

/**
 * Parse one `aclitem` text such as `alice=arw*\/postgres` or `=r/postgres` (PUBLIC).
 *
 * @example
 * ```ts
 * parseAclItem('=r/postgres'); // { grantee: 'PUBLIC', privileges: ['SELECT'], grantable: [] }
 * ```
 */
export function parseAclItem(item: string): Grant {
  const [grantee, afterGrantee] = readRole(item, 0);
  if (item[afterGrantee] !== '=') throw new Error(`malformed aclitem ${JSON.stringify(item)}`);
  const slash = item.indexOf('/', afterGrantee);
  const letters = item.slice(afterGrantee + 1, slash === -1 ? undefined : slash);
  const privileges: string[] = [];
  const grantable: string[] = [];
  for (let i = 0; i < letters.length; i++) {
    const privilege = PRIVILEGE_BY_LETTER[letters[i] as string];
    if (privilege === undefined)
      throw new Error(`unknown privilege ${JSON.stringify(letters[i])} in aclitem ${JSON.stringify(item)}`);
    privileges.push(privilege);
    if (letters[i + 1] === '*') {
      grantable.push(privilege);
      i++;
    }
  }
  return {
    grantee: grantee === '' ? 'PUBLIC' : grantee,
    privileges: privileges.sort(),
    grantable: grantable.sort(),
  };
}

/**
 * Parse an ACL (`aclitem[]` as text items), merge the items of one grantee (given by several
 * grantors) and sort by grantee, so equal ACLs compare equal whatever their history.
 */
export function parseAcl(items: readonly string[] | null): Grant[] {
  if (items === null) return [];
  const byGrantee = new Map<string, { privileges: Set<string>; grantable: Set<string> }>();
  for (const item of items) {
    const grant = parseAclItem(item);
    const entry = byGrantee.get(grant.grantee) ?? { privileges: new Set(), grantable: new Set() };
    for (const p of grant.privileges) entry.privileges.add(p);
    for (const p of grant.grantable) entry.grantable.add(p);
    byGrantee.set(grant.grantee, entry);
  }
  return [...byGrantee]
    .filter(([, entry]) => entry.privileges.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([grantee, entry]) => ({
      grantee,
      privileges: [...entry.privileges].sort(),
      grantable: [...entry.grantable].sort(),
    }));
}
