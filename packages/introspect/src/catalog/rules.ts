/** Rewrite rules (`pg_rewrite`), without the `_RETURN` rules that implement views. */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import {
  type CatalogContext,
  collect,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  rememberKey,
} from './context.js';

const EVENT = { '1': 'select', '2': 'update', '3': 'insert', '4': 'delete' } as const;
const ENABLED = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' } as const;

/** A rule. */
export const RuleSchema = z.object({
  /** `rule:<schema>.<table>.<name>`. */
  key: z.string(),
  schema: z.string(),
  table: z.string(),
  name: z.string(),
  event: z.enum(['select', 'update', 'insert', 'delete']),
  /** `DO INSTEAD`. */
  instead: z.boolean(),
  /** The full `CREATE RULE` statement, from `pg_get_ruledef`. */
  definition: z.string(),
  enabled: z.enum(['origin', 'disabled', 'replica', 'always']),
  comment: z.string().nullable(),
});

/** A rule. */
export type Rule = z.infer<typeof RuleSchema>;

interface Row {
  oid: string;
  nspname: string;
  relname: string;
  rulename: string;
  ev_type: keyof typeof EVENT;
  is_instead: boolean;
  definition: string;
  ev_enabled: keyof typeof ENABLED;
  description: string | null;
}

/** Read the rules of every relation that passes the filter. */
export function readRules(ctx: CatalogContext): Promise<Rule[]> {
  const sql = `WITH ${namespacesCte(ctx)}
SELECT r.oid::text, ns.nspname, c.relname, r.rulename, r.ev_type, r.is_instead,
  pg_catalog.pg_get_ruledef(r.oid) AS definition, r.ev_enabled, d.description
FROM pg_catalog.pg_rewrite r
JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
JOIN ns ON ns.oid = c.relnamespace
${commentJoin('d', 'pg_rewrite', 'r.oid')}
WHERE r.rulename <> '_RETURN' AND ${notExtensionMember(ctx, 'pg_class', 'c.oid')}`;
  return collect(ctx.batches<Row>(sql, ctx.filterValues), (r) => ({
    key: rememberKey(ctx, 'rewrite', r.oid, objectKey('rule', r.nspname, r.relname, r.rulename)),
    schema: r.nspname,
    table: r.relname,
    name: r.rulename,
    event: EVENT[r.ev_type],
    instead: r.is_instead,
    definition: r.definition,
    enabled: ENABLED[r.ev_enabled],
    comment: r.description,
  }));
}
