/**
 * The privileges a new object holds right after `CREATE` (and `ALTER … OWNER TO`), before the
 * plan's own `GRANT`s and `REVOKE`s. The server starts from the creating role's default
 * privileges (`ALTER DEFAULT PRIVILEGES`: a global entry replaces the built-in defaults, a
 * schema's entry adds to them) or, without any, from the built-in defaults (the owner holds
 * everything, PUBLIC may execute functions and use types). The role that runs the plan is not
 * known, so both are possible: the role the target names as owner (its defaults apply) or
 * another role without default privileges (`OWNER TO` then hands the owner's grants over).
 */
import type { DefaultPrivilege, Grant, ObjectKind, Snapshot, SnapshotObject } from '@pum/introspect';

/** The grants a new object may start with: `most` (every grant it can hold) and `least` (those it surely holds). */
export interface StartingGrants {
  most: Grant[];
  least: Grant[];
}

type DefaultObjectType = DefaultPrivilege['objectType'];

/** The default-privilege object type of a kind, when default privileges apply to it. */
function defaultObjectType(kind: ObjectKind): DefaultObjectType | undefined {
  switch (kind) {
    case 'tables':
    case 'views':
    case 'materializedViews':
      return 'tables';
    case 'sequences':
      return 'sequences';
    case 'functions':
      return 'functions';
    case 'types':
      return 'types';
    case 'schemas':
      return 'schemas';
    default:
      return undefined;
  }
}

/** What the owner holds by `acldefault`, by kind; `undefined` when the kind is not listed here. */
function ownerPrivileges(kind: ObjectKind, major: number): string[] | undefined {
  switch (kind) {
    case 'tables':
    case 'views':
    case 'materializedViews': {
      const all = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
      return major >= 17 ? [...all, 'MAINTAIN'] : all;
    }
    case 'sequences':
      return ['SELECT', 'UPDATE', 'USAGE'];
    case 'functions':
      return ['EXECUTE'];
    case 'types':
    case 'foreignDataWrappers':
    case 'foreignServers':
      return ['USAGE'];
    case 'schemas':
      return ['USAGE', 'CREATE'];
    default:
      return undefined;
  }
}

/** The built-in defaults: the owner's privileges, and PUBLIC's on functions and types. */
function builtIn(kind: ObjectKind, owner: string, ownerHas: readonly string[]): Grant[] {
  const grants: Grant[] = [{ grantee: owner, privileges: [...ownerHas], grantable: [] }];
  if (kind === 'functions') grants.push({ grantee: 'PUBLIC', privileges: ['EXECUTE'], grantable: [] });
  if (kind === 'types') grants.push({ grantee: 'PUBLIC', privileges: ['USAGE'], grantable: [] });
  return grants;
}

/** Grants of `a` and `b` together, or in common (`both`). */
function combine(a: readonly Grant[], b: readonly Grant[], both: boolean): Grant[] {
  const out: Grant[] = [];
  const grantees = [...new Set([...a, ...b].map((g) => g.grantee))];
  for (const grantee of grantees) {
    const x = a.find((g) => g.grantee === grantee);
    const y = b.find((g) => g.grantee === grantee);
    const pick = (p: readonly string[] | undefined, q: readonly string[] | undefined) =>
      both ? (p ?? []).filter((v) => (q ?? []).includes(v)) : [...new Set([...(p ?? []), ...(q ?? [])])];
    const privileges = pick(x?.privileges, y?.privileges);
    if (privileges.length > 0) out.push({ grantee, privileges, grantable: pick(x?.grantable, y?.grantable) });
  }
  return out;
}

/**
 * The grants a new object of `kind` owned by `owner` may start with, given the target's
 * default privileges (which the plan puts in place before it creates objects).
 *
 * @returns `undefined` when the kind has no privileges pum knows the defaults of (columns start with none).
 */
export function startingGrants(
  kind: ObjectKind,
  object: SnapshotObject,
  owner: string,
  target: Snapshot,
): StartingGrants | undefined {
  const ownerHas = ownerPrivileges(kind, target.server.major);
  if (ownerHas === undefined) return undefined;
  const plain = builtIn(kind, owner, ownerHas);
  const type = defaultObjectType(kind);
  if (type === undefined) return { most: plain, least: plain };
  const schema = kind === 'schemas' ? null : ((object as { schema?: string }).schema ?? null);
  const entries = (target.objects.defaultPrivileges ?? []).filter(
    (d) => d.role === owner && d.objectType === type,
  );
  const global = entries.find((d) => d.schema === null);
  const inSchema = schema === null ? undefined : entries.find((d) => d.schema === schema);
  if (global === undefined && inSchema === undefined) return { most: plain, least: plain };
  const owners = combine(global?.privileges ?? plain, inSchema?.privileges ?? [], false);
  return { most: combine(owners, plain, false), least: combine(owners, plain, true) };
}
