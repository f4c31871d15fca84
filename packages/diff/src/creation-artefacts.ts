/**
 * What a snapshot may hold about how an object was created rather than what it is. pg_dump
 * does not re-create it, so a database and its dump/restore copy differ there. Introspection no
 * longer records it, but snapshot files written before did, and comparing them with a live
 * database must not report it.
 */
import type { ObjectKind, SnapshotObject } from '@pum/introspect';

type Plain = Record<string, unknown>;

/**
 * Whether `object` is a foreign key the server cloned from a partitioned table's (inherited,
 * `local: false`; foreign keys are never inherited otherwise). pg_dump writes only the parent's,
 * and the server names the clones again on restore.
 */
export function isClonedForeignKey(kind: ObjectKind, object: SnapshotObject): boolean {
  if (kind !== 'constraints') return false;
  const constraint = object as { type?: unknown; local?: unknown };
  return constraint.type === 'foreign key' && constraint.local === false;
}

/**
 * `plain` without its creation-only fields: `noInherit` of a constraint other than a check
 * (a partition's primary key has it false when made by `PARTITION OF`, true when restored by
 * `ADD CONSTRAINT` and `ATTACH PARTITION`; only a check's is part of its definition).
 */
export function withoutCreationArtefacts(kind: ObjectKind, plain: Plain): Plain {
  if (kind === 'constraints' && plain.type !== 'check' && 'noInherit' in plain) {
    const { noInherit: _ignored, ...rest } = plain;
    return rest;
  }
  return plain;
}
