/**
 * The snapshot: plain, deterministic, serialisable data describing a database's schema.
 * Every collection is sorted by key and holds no OIDs or other volatile values, so the same
 * schema gives the same JSON on any server of the same major version, and after a
 * pg_dump / pg_restore round trip.
 */
import { z } from 'zod';
import { CollationSchema } from './catalog/collations.js';
import { ColumnSchema } from './catalog/columns.js';
import { ConstraintSchema } from './catalog/constraints.js';
import { DefaultPrivilegeSchema } from './catalog/default-privileges.js';
import { DependencySchema } from './catalog/dependencies.js';
import { EventTriggerSchema } from './catalog/event-triggers.js';
import { ExtensionMemberPrivilegeSchema } from './catalog/extension-member-privileges.js';
import { ExtensionSchema } from './catalog/extensions.js';
import { ForeignDataWrapperSchema } from './catalog/foreign-data-wrappers.js';
import { ForeignServerSchema } from './catalog/foreign-servers.js';
import { FunctionSchema } from './catalog/functions.js';
import { IndexSchema } from './catalog/indexes.js';
import { PolicySchema } from './catalog/policies.js';
import { PublicationSchema } from './catalog/publications.js';
import { MaterializedViewSchema, SequenceSchema, TableSchema, ViewSchema } from './catalog/relations.js';
import { RuleSchema } from './catalog/rules.js';
import { SchemaObjectSchema } from './catalog/schemas.js';
import { TriggerSchema } from './catalog/triggers.js';
import { TypeSchema } from './catalog/types.js';
import { UserMappingSchema } from './catalog/user-mappings.js';

/** The snapshot format version this package writes and reads. */
export const SNAPSHOT_FORMAT_VERSION = 1;

/** The object collections of a snapshot, each sorted by `key`. */
export const SnapshotObjectsSchema = z.object({
  schemas: z.array(SchemaObjectSchema),
  extensions: z.array(ExtensionSchema),
  tables: z.array(TableSchema),
  columns: z.array(ColumnSchema),
  constraints: z.array(ConstraintSchema),
  indexes: z.array(IndexSchema),
  views: z.array(ViewSchema),
  materializedViews: z.array(MaterializedViewSchema),
  sequences: z.array(SequenceSchema),
  functions: z.array(FunctionSchema),
  triggers: z.array(TriggerSchema),
  eventTriggers: z.array(EventTriggerSchema),
  rules: z.array(RuleSchema),
  types: z.array(TypeSchema),
  collations: z.array(CollationSchema),
  policies: z.array(PolicySchema),
  defaultPrivileges: z.array(DefaultPrivilegeSchema),
  publications: z.array(PublicationSchema),
  foreignDataWrappers: z.array(ForeignDataWrapperSchema),
  foreignServers: z.array(ForeignServerSchema),
  userMappings: z.array(UserMappingSchema),
  extensionMemberPrivileges: z.array(ExtensionMemberPrivilegeSchema),
});

/**
 * Kinds added to format version 1 after its first release: a snapshot file written before
 * them lacks them, and reads as having none.
 */
export const KINDS_ADDED_IN_FORMAT_1: readonly ObjectKind[] = [
  'foreignDataWrappers',
  'foreignServers',
  'userMappings',
  'extensionMemberPrivileges',
];

/** The object collections of a snapshot. */
export type SnapshotObjects = z.infer<typeof SnapshotObjectsSchema>;

/** The name of one object collection: `tables`, `columns`, `functions`… */
export type ObjectKind = keyof SnapshotObjects;

/** Every object kind, in the order snapshots list them. */
export const OBJECT_KINDS = Object.keys(SnapshotObjectsSchema.shape) as ObjectKind[];

/** A snapshot of a database schema. */
export const SnapshotSchema = z.object({
  /** Always `pum-snapshot`. */
  format: z.literal('pum-snapshot'),
  /** {@link SNAPSHOT_FORMAT_VERSION}. */
  formatVersion: z.literal(SNAPSHOT_FORMAT_VERSION),
  server: z.object({
    /** Major version of the server the snapshot was read from, e.g. 15. */
    major: z.number().int(),
    /** PostGIS version (`postgis` extension), when installed. */
    postgis: z.string().nullable(),
  }),
  /** The filters the snapshot was taken with. */
  filter: z.object({
    includeSchemas: z.array(z.string()),
    excludeSchemas: z.array(z.string()),
    includeExtensionMembers: z.boolean(),
  }),
  /** The objects, by kind. */
  objects: SnapshotObjectsSchema,
  /** User objects of kinds not modeled here, with their counts (only kinds present). */
  unmodeled: z.record(z.string(), z.number().int()),
  /**
   * Which object uses which (from `pg_depend`), sorted by `from` then `to`. Absent from
   * snapshots written before it existed, which read as none known.
   */
  dependencies: z.array(DependencySchema).default([]),
});

/** A snapshot of a database schema. */
export type Snapshot = z.infer<typeof SnapshotSchema>;
