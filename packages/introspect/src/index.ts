/**
 * @packageDocumentation
 * Read a live PostgreSQL/PostGIS catalog into a typed, deterministic, serialisable snapshot.
 */

export { type Grant, GrantSchema, parseAcl, parseAclItem } from './acl.js';
export type { Collation } from './catalog/collations.js';
export type { Column } from './catalog/columns.js';
export type { Constraint } from './catalog/constraints.js';
export type { DefaultPrivilege } from './catalog/default-privileges.js';
export type { Dependency } from './catalog/dependencies.js';
export type { EventTrigger } from './catalog/event-triggers.js';
export type { ExtensionMemberPrivilege } from './catalog/extension-member-privileges.js';
export type { Extension } from './catalog/extensions.js';
export type { ForeignDataWrapper } from './catalog/foreign-data-wrappers.js';
export type { ForeignServer } from './catalog/foreign-servers.js';
export type { FunctionObject } from './catalog/functions.js';
export { isSecretOption, MASKED_VALUE } from './catalog/generic-options.js';
export type { Index } from './catalog/indexes.js';
export type { Policy } from './catalog/policies.js';
export type { Publication } from './catalog/publications.js';
export type { MaterializedView, QualifiedName, Sequence, Table, View } from './catalog/relations.js';
export type { Rule } from './catalog/rules.js';
export type { SchemaObject } from './catalog/schemas.js';
export type { Trigger } from './catalog/triggers.js';
export type { TypeObject } from './catalog/types.js';
export type { UserMapping } from './catalog/user-mappings.js';
export { globToRegex } from './filters.js';
export { indexSnapshot, type SnapshotIndex, type SnapshotObject } from './index-snapshot.js';
export {
  type IntrospectOptions,
  type IntrospectStats,
  introspect,
  introspectWithStats,
  MIN_SERVER_MAJOR,
} from './introspect.js';
export { keyPart, objectKey } from './object-key.js';
export {
  OBJECT_KINDS,
  type ObjectKind,
  SNAPSHOT_FORMAT_VERSION,
  type Snapshot,
  type SnapshotObjects,
  SnapshotSchema,
} from './snapshot.js';
export { loadSnapshot, parseSnapshot, saveSnapshot, serializeSnapshot } from './snapshot-file.js';
export type { SessionClient } from './snapshot-sessions.js';
