/**
 * Running the catalog readers over one or several sessions that share one snapshot: each
 * session takes the next reader from one queue, the costliest first, so the server works on one
 * query while Node maps the rows of another (as `pg_dump -j` spreads its work).
 */
import { readCollations } from './catalog/collations.js';
import { readColumns } from './catalog/columns.js';
import { readConstraints } from './catalog/constraints.js';
import type { CatalogContext } from './catalog/context.js';
import { readDefaultPrivileges } from './catalog/default-privileges.js';
import { type Dependency, readDependencies } from './catalog/dependencies.js';
import { readEventTriggers } from './catalog/event-triggers.js';
import { readExtensionMemberPrivileges } from './catalog/extension-member-privileges.js';
import { readExtensions } from './catalog/extensions.js';
import { readForeignDataWrappers } from './catalog/foreign-data-wrappers.js';
import { readForeignServers } from './catalog/foreign-servers.js';
import { readFunctions } from './catalog/functions.js';
import { readIndexes } from './catalog/indexes.js';
import { readPolicies } from './catalog/policies.js';
import { readPublications } from './catalog/publications.js';
import { readRelations } from './catalog/relations.js';
import { readRules } from './catalog/rules.js';
import { readSchemas } from './catalog/schemas.js';
import { readTriggers } from './catalog/triggers.js';
import { readTypes } from './catalog/types.js';
import { readUnmodeledCounts } from './catalog/unmodeled.js';
import { readUserMappings } from './catalog/user-mappings.js';
import type { Snapshot, SnapshotObjects } from './snapshot.js';

/** What the readers produced: the snapshot's objects, unmodeled counts and dependencies. */
export interface CatalogRead {
  objects: SnapshotObjects;
  unmodeled: Snapshot['unmodeled'];
  dependencies: Dependency[];
}

/** A session's context without the gates, which {@link readCatalog} adds. */
export type SessionContext = Omit<CatalogContext, 'columnsRead' | 'objectsRead'>;

/** A promise with its settle functions, already handled so that a rejection nobody awaits stays quiet. */
function gate(): { promise: Promise<void>; open: () => void; fail: (error: unknown) => void } {
  let open!: () => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  promise.catch(() => {});
  return { promise, open, fail };
}

/**
 * Read every catalog family over `sessions` (one context per session, all in transactions on
 * the same snapshot, sharing the readers' notes). With one session the readers run one after
 * the other in the queue's order; the constraint reader waits for the columns, the dependency
 * reader (last in the queue) for every other reader, whose notes it maps `pg_depend` with.
 * The first failure stops the sessions taking more readers and is thrown once all are idle.
 */
export async function readCatalog(
  sessions: readonly SessionContext[],
  dependencies: boolean,
): Promise<CatalogRead> {
  const columnsGate = gate();
  const objectsGate = gate();
  const out: Partial<Record<keyof SnapshotObjects, unknown[]>> = {};
  let unmodeled: Snapshot['unmodeled'] = {};
  let deps: Dependency[] = [];
  const task =
    <T extends keyof SnapshotObjects>(kind: T, read: (ctx: CatalogContext) => Promise<unknown[]>) =>
    async (ctx: CatalogContext) => {
      out[kind] = await read(ctx);
    };
  // Costliest first (server time and rows at 10,000 tables), so that no long query starts last.
  const queue: ((ctx: CatalogContext) => Promise<void>)[] = [
    async (ctx) => {
      out.columns = await readColumns(ctx);
      columnsGate.open();
    },
    task('indexes', readIndexes),
    async (ctx) => {
      const relations = await readRelations(ctx);
      out.tables = relations.tables;
      out.views = relations.views;
      out.materializedViews = relations.materializedViews;
      out.sequences = relations.sequences;
    },
    task('constraints', readConstraints),
    task('functions', readFunctions),
    task('types', readTypes),
    task('triggers', readTriggers),
    async (ctx) => {
      unmodeled = await readUnmodeledCounts(ctx);
    },
    task('schemas', readSchemas),
    task('extensions', readExtensions),
    task('eventTriggers', readEventTriggers),
    task('rules', readRules),
    task('collations', readCollations),
    task('policies', readPolicies),
    task('defaultPrivileges', readDefaultPrivileges),
    task('publications', readPublications),
    task('foreignDataWrappers', readForeignDataWrappers),
    task('foreignServers', readForeignServers),
    task('userMappings', readUserMappings),
    task('extensionMemberPrivileges', readExtensionMemberPrivileges),
  ];
  let objectReaders = queue.length;
  if (dependencies)
    queue.push(async (ctx) => {
      deps = await readDependencies(ctx);
    });

  let failure: { error: unknown } | undefined;
  const run = async (session: SessionContext) => {
    const ctx: CatalogContext = {
      ...session,
      columnsRead: columnsGate.promise,
      objectsRead: objectsGate.promise,
    };
    for (let next = queue.shift(); next !== undefined && failure === undefined; next = queue.shift()) {
      try {
        await next(ctx);
        if (--objectReaders === 0) objectsGate.open();
      } catch (error) {
        failure ??= { error };
        columnsGate.fail(error);
        objectsGate.fail(error);
      }
    }
  };
  await Promise.all(sessions.map(run));
  if (failure) throw failure.error;
  return {
    objects: {
      schemas: out.schemas,
      extensions: out.extensions,
      tables: out.tables,
      columns: out.columns,
      constraints: out.constraints,
      indexes: out.indexes,
      views: out.views,
      materializedViews: out.materializedViews,
      sequences: out.sequences,
      functions: out.functions,
      triggers: out.triggers,
      eventTriggers: out.eventTriggers,
      rules: out.rules,
      types: out.types,
      collations: out.collations,
      policies: out.policies,
      defaultPrivileges: out.defaultPrivileges,
      publications: out.publications,
      foreignDataWrappers: out.foreignDataWrappers,
      foreignServers: out.foreignServers,
      userMappings: out.userMappings,
      extensionMemberPrivileges: out.extensionMemberPrivileges,
    } as SnapshotObjects,
    unmodeled,
    dependencies: deps,
  };
}
