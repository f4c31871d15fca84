/** The statement builders of every kind the planner handles, and the order kinds go in. */
import type { ObjectKind } from '@pum/introspect';
import { collationStatements } from './kinds/collations.js';
import { columnStatements } from './kinds/columns.js';
import { constraintStatements } from './kinds/constraints.js';
import { eventTriggerStatements, publicationStatements } from './kinds/database-wide.js';
import { defaultPrivilegeStatements } from './kinds/default-privileges.js';
import { extensionMemberPrivilegeStatements } from './kinds/extension-member-privileges.js';
import {
  foreignDataWrapperStatements,
  foreignServerStatements,
  userMappingStatements,
} from './kinds/foreign-data.js';
import { functionStatements } from './kinds/functions.js';
import { indexStatements } from './kinds/indexes.js';
import { extensionStatements, schemaStatements } from './kinds/schemas.js';
import { sequenceStatements } from './kinds/sequences.js';
import { policyStatements, ruleStatements, triggerStatements } from './kinds/table-children.js';
import { tableStatements } from './kinds/tables.js';
import { typeStatements } from './kinds/types.js';
import { materializedViewStatements, viewStatements } from './kinds/views.js';
import type { KindStatements } from './plan-context.js';

/** Builders by kind (every kind a snapshot holds). */
// biome-ignore lint/suspicious/noExplicitAny: each builder takes its own kind's objects.
export const STATEMENTS: Partial<Record<ObjectKind, KindStatements<any>>> = {
  schemas: schemaStatements,
  extensions: extensionStatements,
  types: typeStatements,
  sequences: sequenceStatements,
  functions: functionStatements,
  tables: tableStatements,
  columns: columnStatements,
  constraints: constraintStatements,
  indexes: indexStatements,
  views: viewStatements,
  materializedViews: materializedViewStatements,
  triggers: triggerStatements,
  rules: ruleStatements,
  policies: policyStatements,
  collations: collationStatements,
  eventTriggers: eventTriggerStatements,
  publications: publicationStatements,
  defaultPrivileges: defaultPrivilegeStatements,
  foreignDataWrappers: foreignDataWrapperStatements,
  foreignServers: foreignServerStatements,
  userMappings: userMappingStatements,
  extensionMemberPrivileges: extensionMemberPrivilegeStatements,
};

/** Kinds that are privileges through and through: their builder does them, not the shared decorations. */
export const PRIVILEGE_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>([
  'defaultPrivileges',
  'extensionMemberPrivileges',
]);

/** Creation order of kinds when dependencies leave a choice (drops go the other way). */
const CREATE_ORDER: readonly ObjectKind[] = [
  'schemas',
  // Before the objects, so that new objects start with the target's default privileges.
  'defaultPrivileges',
  'extensions',
  'collations',
  'types',
  'sequences',
  'functions',
  'foreignDataWrappers',
  'foreignServers',
  'userMappings',
  'tables',
  'columns',
  'constraints',
  'indexes',
  'views',
  'materializedViews',
  'triggers',
  'rules',
  'policies',
  'eventTriggers',
  'publications',
  'extensionMemberPrivileges',
];

/** Rank of a kind in the create phase; foreign keys after other constraints. */
export function createRank(kind: ObjectKind, foreignKey = false): number {
  return CREATE_ORDER.indexOf(kind) * 2 + (foreignKey ? 1 : 0);
}

/** Rank of a kind in the drop phase: reverse creation order, foreign keys before other constraints. */
export function dropRank(kind: ObjectKind, foreignKey = false): number {
  return (CREATE_ORDER.length - CREATE_ORDER.indexOf(kind)) * 2 - (foreignKey ? 1 : 0);
}

/** Kinds that can be dropped and created again without losing data. */
export const RECREATABLE: ReadonlySet<ObjectKind> = new Set([
  'views',
  'materializedViews',
  'functions',
  'triggers',
  'rules',
  'policies',
  'indexes',
  'constraints',
]);

/** Kinds a column type change invalidates (the server rebuilds indexes and checks itself). */
export const INVALIDATED_BY_RESHAPE: ReadonlySet<ObjectKind> = new Set([
  'views',
  'materializedViews',
  'rules',
  'policies',
  'triggers',
]);
