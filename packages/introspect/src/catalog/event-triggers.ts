/** Event triggers (`pg_event_trigger`): database-wide, not in a schema. */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, commentJoin, notExtensionMember } from './context.js';

const ENABLED = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' } as const;

/** An event trigger. */
export const EventTriggerSchema = z.object({
  /** `event_trigger:<name>`. */
  key: z.string(),
  name: z.string(),
  /** `ddl_command_start`, `ddl_command_end`, `sql_drop`, `table_rewrite`, `login` (17+). */
  event: z.string(),
  /** Command tags of the `WHEN TAG IN (…)` filter, sorted; empty when none. */
  tags: z.array(z.string()),
  /** The function, `schema.name`. */
  function: z.string(),
  enabled: z.enum(['origin', 'disabled', 'replica', 'always']),
  owner: z.string(),
  comment: z.string().nullable(),
});

/** An event trigger. */
export type EventTrigger = z.infer<typeof EventTriggerSchema>;

interface Row {
  evtname: string;
  evtevent: string;
  evttags: string[] | null;
  function: string;
  evtenabled: keyof typeof ENABLED;
  owner: string;
  description: string | null;
}

/** Read the event triggers (not filtered by schema: they have none). */
export function readEventTriggers(ctx: CatalogContext): Promise<EventTrigger[]> {
  const sql = `SELECT e.evtname, e.evtevent, e.evttags,
  pg_catalog.quote_ident(fn.nspname) || '.' || pg_catalog.quote_ident(f.proname) AS function,
  e.evtenabled, pg_catalog.pg_get_userbyid(e.evtowner) AS owner, d.description
FROM pg_catalog.pg_event_trigger e
JOIN pg_catalog.pg_proc f ON f.oid = e.evtfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
${commentJoin('d', 'pg_event_trigger', 'e.oid')}
WHERE ${notExtensionMember(ctx, 'pg_event_trigger', 'e.oid')}`;
  return collect(ctx.batches<Row>(sql), (r) => ({
    key: objectKey('event_trigger', r.evtname),
    name: r.evtname,
    event: r.evtevent,
    tags: (r.evttags ?? []).slice().sort(),
    function: r.function,
    enabled: ENABLED[r.evtenabled],
    owner: r.owner,
    comment: r.description,
  }));
}
