/**
 * Scratch databases — test copies and references a run makes and drops again — carry a mark in
 * their database comment, so that pum drops only databases it made itself: those of the
 * current run, and those of runs that were killed before they could clean up. A run shows that
 * it is alive through a session named after it (`application_name`), which the server ends
 * when the run's process dies, however it dies.
 */

import type { Queryable } from '@pum/core';

/**
 * The mark of a scratch database.
 *
 * @example
 * ```ts
 * const mark: ScratchMark = {
 *   kind: 'test copy', of: 'qwat', run: '0d9c5d6e-4a3f-4a53-9d4f-4d0b4f9c2a11',
 *   createdAt: '2025-01-01T08:00:00.000Z', kept: false,
 * };
 * ```
 */
export interface ScratchMark {
  /** What it is for. */
  readonly kind: 'test copy' | 'reference';
  /** The database it was made for (production's name). */
  readonly of: string;
  /** The run that made it (a UUID). */
  readonly run: string;
  /** When it was made (ISO 8601). */
  readonly createdAt: string;
  /** Kept on purpose (`--keep`, or a test database the user named): not a leftover. */
  readonly kept: boolean;
}

const MARK = /^pum (test copy|reference) of (".*") created (\S+) by run ([0-9a-f-]{36})(; kept)?$/;

/**
 * The database comment that marks a scratch database:
 * `pum test copy of "qwat" created 2025-01-01T08:00:00.000Z by run <uuid>`.
 *
 * @example
 * ```ts
 * await createDatabase({ connection, comment: formatScratchMark(mark) });
 * ```
 */
export function formatScratchMark(mark: ScratchMark): string {
  return `pum ${mark.kind} of ${JSON.stringify(mark.of)} created ${mark.createdAt} by run ${mark.run}${mark.kept ? '; kept' : ''}`;
}

/**
 * The mark a database comment holds, or `undefined` when it is not one (the database is not
 * pum's).
 *
 * @example
 * ```ts
 * parseScratchMark('pum reference of "qwat" created 2025-01-01T08:00:00.000Z by run 0d9c5d6e-4a3f-4a53-9d4f-4d0b4f9c2a11');
 * ```
 */
export function parseScratchMark(comment: string | null | undefined): ScratchMark | undefined {
  const match = MARK.exec(comment ?? '');
  if (!match) return undefined;
  let of: unknown;
  try {
    of = JSON.parse(match[2] as string);
  } catch {
    return undefined;
  }
  if (typeof of !== 'string') return undefined;
  return {
    kind: match[1] as ScratchMark['kind'],
    of,
    createdAt: match[3] as string,
    run: match[4] as string,
    kept: match[5] !== undefined,
  };
}

/**
 * The `application_name` of the session that shows a run is alive (`pum run <uuid>`).
 *
 * @example
 * ```ts
 * new pg.Client({ ...config, application_name: runApplicationName(run) });
 * ```
 */
export function runApplicationName(run: string): string {
  return `pum run ${run}`;
}

/**
 * A marked database of the server, from {@link listScratchDatabases}.
 *
 * @example
 * ```ts
 * const leftovers = (await listScratchDatabases(client)).filter((d) => !d.live && !d.mark.kept);
 * ```
 */
export interface ScratchDatabase {
  readonly name: string;
  readonly mark: ScratchMark;
  /** Its comment, exactly (what {@link dropDatabase}'s `expectedComment` wants). */
  readonly comment: string;
  /** Whether the run that made it still has its session open on this server. */
  readonly live: boolean;
}

/**
 * The databases of the server `db` is connected to that carry a scratch mark, and whether the
 * run that made each is still alive (its `pum run <uuid>` session is connected).
 *
 * @example
 * ```ts
 * for (const d of await listScratchDatabases(admin)) if (!d.live && !d.mark.kept) console.log(d.name);
 * ```
 */
export async function listScratchDatabases(db: Queryable): Promise<ScratchDatabase[]> {
  const { rows } = await db.query<{ name: string; comment: string }>(
    `select d.datname as name, c.description as comment
       from pg_catalog.pg_database d
       join pg_catalog.pg_shdescription c
         on c.objoid = d.oid and c.classoid = 'pg_catalog.pg_database'::regclass
      where c.description like 'pum %'
      order by 1`,
  );
  const marked = rows.flatMap((row) => {
    const mark = parseScratchMark(row.comment);
    return mark ? [{ name: row.name, comment: row.comment, mark }] : [];
  });
  if (marked.length === 0) return [];
  const live = await db.query<{ name: string }>(
    `select distinct application_name as name from pg_catalog.pg_stat_activity
      where application_name = any($1::text[])`,
    [marked.map((d) => runApplicationName(d.mark.run))],
  );
  const alive = new Set(live.rows.map((r) => r.name));
  return marked.map((d) => ({ ...d, live: alive.has(runApplicationName(d.mark.run)) }));
}
