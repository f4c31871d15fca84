/**
 * Statements every kind shares: owner, comment and privileges, for a new object (from
 * nothing) or a changed one (from its old values).
 */
import { quoteLiteral } from '@pum/core';
import type { Grant, ObjectKind, Snapshot, SnapshotObject } from '@pum/introspect';
import { grantStatements } from './grant-statements.js';
import { startingGrants } from './new-object-grants.js';
import { ddlTarget, roleName, signatureOf } from './sql-names.js';

/** What the shared statements compare: any of them may be absent on a kind. */
interface Decorated {
  owner?: string;
  comment?: string | null;
  privileges?: Grant[];
}

/** Which shared attributes to leave alone. */
export interface DecorationOptions {
  ignoreOwners?: boolean | undefined;
  ignoreComments?: boolean | undefined;
  ignorePrivileges?: boolean | undefined;
}

/** `COMMENT ON … IS …` */
export function commentStatement(kind: ObjectKind, object: SnapshotObject, comment: string | null): string {
  const { words, name } = ddlTarget(kind, object);
  return `COMMENT ON ${words} ${name} IS ${quoteLiteral(comment)};`;
}

/** `GRANT`/`REVOKE` statements that take `before` grants to `after`. */
export function privilegeStatements(
  kind: ObjectKind,
  object: SnapshotObject,
  before: readonly Grant[],
  after: readonly Grant[],
): string[] {
  let { words, name } = ddlTarget(kind, object);
  let columns = '';
  if (kind === 'columns') {
    // Column privileges: GRANT SELECT ("c") ON TABLE "s"."t".
    const dot = name.lastIndexOf('."');
    columns = ` (${name.slice(dot + 1)})`;
    name = name.slice(0, dot);
    words = 'TABLE';
  }
  if (kind === 'views' || kind === 'materializedViews' || kind === 'tables') words = 'TABLE';
  if (kind === 'types') words = 'TYPE';
  if (kind === 'foreignServers') words = 'FOREIGN SERVER';
  if (kind === 'functions' && words === 'AGGREGATE') {
    // GRANT has no AGGREGATE form: an aggregate is a FUNCTION there, named by its argument types.
    const fn = object as unknown as { schema: string; name: string; identityArguments: string };
    words = 'FUNCTION';
    name = signatureOf({ ...fn, identityArguments: fn.identityArguments.replace(' ORDER BY ', ', ') });
  }
  const on = (privileges: readonly string[]) =>
    `${privileges.map((p) => `${p}${columns}`).join(', ')} ON ${words} ${name}`;
  return grantStatements(before, after, on);
}

/** `before`'s grants as they stand once ownership moved to `newOwner` (the server moves the owner's own grants). */
function afterOwnerChange(before: readonly Grant[], oldOwner: string, newOwner: string): Grant[] {
  if (oldOwner === newOwner) return [...before];
  const moved = before.find((g) => g.grantee === oldOwner);
  const rest = before.filter((g) => g.grantee !== oldOwner && g.grantee !== newOwner);
  return moved ? [...rest, { ...moved, grantee: newOwner }] : rest;
}

/**
 * Owner, comment and privilege statements that take `before` (or, for a new object, what the
 * server gives it: the creating role as owner, no comment, the default grants — see
 * {@link startingGrants}, read from `target`'s default privileges) to `after`. A new object is
 * always given its owner explicitly, since the role that runs the plan may differ.
 */
export function decorationStatements(
  kind: ObjectKind,
  after: SnapshotObject,
  before: SnapshotObject | undefined,
  options: DecorationOptions,
  target?: Snapshot,
): string[] {
  const a = after as Decorated;
  const b = before as Decorated | undefined;
  const statements: string[] = [];
  const { words, name } = ddlTarget(kind, after);
  // Extensions are owned by whoever creates them: there is no ALTER EXTENSION … OWNER TO.
  if (!options.ignoreOwners && a.owner !== undefined && b?.owner !== a.owner && kind !== 'extensions') {
    statements.push(`ALTER ${words} ${name} OWNER TO ${roleName(a.owner)};`);
  }
  if (!options.ignoreComments && a.comment !== undefined) {
    const old = b?.comment ?? null;
    if ((a.comment ?? null) !== old) statements.push(commentStatement(kind, after, a.comment ?? null));
  }
  if (!options.ignorePrivileges && a.privileges !== undefined) {
    const owner = a.owner ?? '';
    if (b?.privileges !== undefined) {
      const start = afterOwnerChange(
        b.privileges,
        b.owner ?? owner,
        options.ignoreOwners ? (b.owner ?? owner) : owner,
      );
      statements.push(...privilegeStatements(kind, after, start, a.privileges));
    } else {
      // A new object: revoke what it may hold (the most), grant what it may lack (beyond the
      // least); a REVOKE of a privilege not held and a GRANT of one held change nothing.
      // Columns start with none.
      const start =
        target !== undefined && a.owner !== undefined && kind !== 'columns'
          ? startingGrants(kind, after, a.owner, target)
          : undefined;
      const most = start?.most ?? [];
      const least = start?.least ?? [];
      const revokes = privilegeStatements(kind, after, most, a.privileges).filter((s) =>
        s.startsWith('REVOKE'),
      );
      const grants = privilegeStatements(kind, after, least, a.privileges).filter((s) =>
        s.startsWith('GRANT'),
      );
      statements.push(...revokes, ...grants);
    }
  }
  return statements;
}
