/** Collations (`pg_collation`) created in user schemas. */
import { z } from 'zod';
import { objectKey } from '../object-key.js';
import { type CatalogContext, collect, commentJoin, namespacesCte, notExtensionMember } from './context.js';

const PROVIDER = { d: 'default', c: 'libc', i: 'icu', b: 'builtin' } as const;

/** A collation. */
export const CollationSchema = z.object({
  /** `collation:<schema>.<name>`. */
  key: z.string(),
  schema: z.string(),
  name: z.string(),
  /** `libc`, `icu`, `builtin` (17+) or `default`. */
  provider: z.enum(['default', 'libc', 'icu', 'builtin']),
  deterministic: z.boolean(),
  /** `LC_COLLATE` (libc). */
  lcCollate: z.string().nullable(),
  /** `LC_CTYPE` (libc). */
  lcCtype: z.string().nullable(),
  /** ICU or builtin locale (`colliculocale` on 15–16, `colllocale` on 17+; `null` on 14). */
  locale: z.string().nullable(),
  /** ICU tailoring rules (PostgreSQL 16+). */
  icuRules: z.string().nullable(),
  owner: z.string(),
  comment: z.string().nullable(),
});

/** A collation. */
export type Collation = z.infer<typeof CollationSchema>;

interface Row {
  nspname: string;
  collname: string;
  collprovider: keyof typeof PROVIDER;
  collisdeterministic: boolean;
  collcollate: string | null;
  collctype: string | null;
  locale: string | null;
  icu_rules: string | null;
  owner: string;
  description: string | null;
}

function sql(ctx: CatalogContext): string {
  const { serverVersionNum } = ctx;
  const locale =
    serverVersionNum >= 170000
      ? 'co.colllocale'
      : serverVersionNum >= 150000
        ? 'co.colliculocale'
        : 'NULL::text';
  const rules = serverVersionNum >= 160000 ? 'co.collicurules' : 'NULL::text';
  return `WITH ${namespacesCte(ctx)}
SELECT ns.nspname, co.collname, co.collprovider, co.collisdeterministic, co.collcollate, co.collctype,
  ${locale} AS locale, ${rules} AS icu_rules, pg_catalog.pg_get_userbyid(co.collowner) AS owner, d.description
FROM pg_catalog.pg_collation co
JOIN ns ON ns.oid = co.collnamespace
${commentJoin('d', 'pg_collation', 'co.oid')}
WHERE ${notExtensionMember(ctx, 'pg_collation', 'co.oid')}`;
}

/** Read the collations that pass the filter. */
export function readCollations(ctx: CatalogContext): Promise<Collation[]> {
  return collect(ctx.batches<Row>(sql(ctx), ctx.filterValues), (r) => ({
    key: objectKey('collation', r.nspname, r.collname),
    schema: r.nspname,
    name: r.collname,
    provider: PROVIDER[r.collprovider],
    deterministic: r.collisdeterministic,
    lcCollate: r.collcollate,
    lcCtype: r.collctype,
    locale: r.locale,
    icuRules: r.icu_rules,
    owner: r.owner,
    comment: r.description,
  }));
}
