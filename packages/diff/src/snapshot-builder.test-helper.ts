/** Hand-made snapshots for the unit tests: an empty snapshot and objects with defaults. */
import { OBJECT_KINDS, objectKey, type Snapshot, type SnapshotObjects } from '@pum/introspect';

/** A snapshot with no objects, PostgreSQL 15 without PostGIS. */
export function emptySnapshot(): Snapshot {
  return {
    format: 'pum-snapshot',
    formatVersion: 1,
    server: { major: 15, postgis: null },
    filter: { includeSchemas: [], excludeSchemas: [], includeExtensionMembers: false },
    objects: Object.fromEntries(OBJECT_KINDS.map((kind) => [kind, []])) as unknown as SnapshotObjects,
    unmodeled: {},
    dependencies: [],
  };
}

/** A snapshot holding the given objects. */
export function snapshotWith(objects: Partial<SnapshotObjects>): Snapshot {
  const snapshot = emptySnapshot();
  return { ...snapshot, objects: { ...snapshot.objects, ...objects } };
}

type Column = SnapshotObjects['columns'][number];
type Table = SnapshotObjects['tables'][number];

/** A column with plain defaults. */
export function column(schema: string, table: string, name: string, fields: Partial<Column> = {}): Column {
  return {
    key: objectKey('column', schema, table, name),
    schema,
    table,
    name,
    position: 1,
    type: 'integer',
    notNull: false,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    storage: null,
    compression: null,
    privileges: [],
    comment: null,
    ...fields,
  };
}

/** A table with plain defaults. */
export function table(schema: string, name: string, fields: Partial<Table> = {}): Table {
  return {
    key: objectKey('table', schema, name),
    schema,
    name,
    owner: 'postgres',
    privileges: [],
    comment: null,
    kind: 'ordinary',
    persistence: 'permanent',
    options: [],
    accessMethod: 'heap',
    tablespace: null,
    partitionKey: null,
    partitionOf: null,
    partitionBound: null,
    inherits: [],
    rowSecurity: false,
    forceRowSecurity: false,
    replicaIdentity: 'default',
    foreign: null,
    ...fields,
  };
}
