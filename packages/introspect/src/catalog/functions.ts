/**
 * Functions, procedures, aggregates and window functions (`pg_proc`). Aggregates are read
 * from `pg_aggregate`, because `pg_get_functiondef` fails on them.
 */
import { z } from 'zod';
import { GrantSchema, parseAcl } from '../acl.js';
import { objectKey } from '../object-key.js';
import {
  type CatalogContext,
  commentJoin,
  namespacesCte,
  notExtensionMember,
  notInternal,
  rememberKey,
} from './context.js';
import { deparsed } from './deparsed.js';

const KIND = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' } as const;
const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;
const PARALLEL = { s: 'safe', r: 'restricted', u: 'unsafe' } as const;

/** Aggregate details (`pg_aggregate`). */
export const AggregateSchema = z.object({
  /** `normal`, `ordered-set` or `hypothetical`. */
  kind: z.enum(['normal', 'ordered-set', 'hypothetical']),
  transitionFunction: z.string(),
  stateType: z.string(),
  initialValue: z.string().nullable(),
  finalFunction: z.string().nullable(),
  combineFunction: z.string().nullable(),
  serialFunction: z.string().nullable(),
  deserialFunction: z.string().nullable(),
  movingTransitionFunction: z.string().nullable(),
  movingInverseFunction: z.string().nullable(),
  sortOperator: z.string().nullable(),
  /** `MSTYPE`: the state type of the moving-aggregate mode (added later: absent in older snapshot files). */
  movingStateType: z.string().nullable().default(null),
  /** `MINITCOND`. */
  movingInitialValue: z.string().nullable().default(null),
  /** `MFINALFUNC`. */
  movingFinalFunction: z.string().nullable().default(null),
  /** `FINALFUNC_EXTRA`. */
  finalFunctionExtra: z.boolean().default(false),
  /** `MFINALFUNC_EXTRA`. */
  movingFinalFunctionExtra: z.boolean().default(false),
  /** `FINALFUNC_MODIFY`: `read-only`, `shareable` or `read-write`. */
  finalFunctionModify: z.enum(['read-only', 'shareable', 'read-write']).nullable().default(null),
  /** `MFINALFUNC_MODIFY`. */
  movingFinalFunctionModify: z.enum(['read-only', 'shareable', 'read-write']).nullable().default(null),
});

/** A function, procedure, aggregate or window function. */
export const FunctionSchema = z.object({
  /** `function:<schema>.<name>(<identity arguments>)`. */
  key: z.string(),
  schema: z.string(),
  name: z.string(),
  kind: z.enum(['function', 'procedure', 'aggregate', 'window']),
  /** Identity arguments (`pg_get_function_identity_arguments`): what tells overloads apart. */
  identityArguments: z.string(),
  /** Arguments with names, modes and defaults (`pg_get_function_arguments`). */
  arguments: z.string(),
  /** Result type (`pg_get_function_result`); `null` for procedures. */
  result: z.string().nullable(),
  language: z.string(),
  volatility: z.enum(['immutable', 'stable', 'volatile']),
  strict: z.boolean(),
  securityDefiner: z.boolean(),
  leakproof: z.boolean(),
  parallel: z.enum(['safe', 'restricted', 'unsafe']),
  cost: z.number(),
  rows: z.number(),
  /** `SET` clauses (`proconfig`), sorted. */
  config: z.array(z.string()),
  /** The body as stored (`prosrc`); empty for SQL-standard bodies (see `definition`). */
  body: z.string(),
  /** The full `CREATE OR REPLACE` statement from `pg_get_functiondef`; `null` for aggregates. */
  definition: z.string().nullable(),
  /** Aggregate details, `null` for other kinds. */
  aggregate: AggregateSchema.nullable(),
  owner: z.string(),
  /** Privileges, normalised against `acldefault('f', owner)`. */
  privileges: z.array(GrantSchema),
  comment: z.string().nullable(),
});

/** A function, procedure, aggregate or window function. */
export type FunctionObject = z.infer<typeof FunctionSchema>;

interface Row {
  oid: string;
  nspname: string;
  proname: string;
  prokind: keyof typeof KIND;
  identity_arguments: string;
  arguments: string;
  result: string | null;
  lanname: string;
  provolatile: keyof typeof VOLATILITY;
  proisstrict: boolean;
  prosecdef: boolean;
  proleakproof: boolean;
  proparallel: keyof typeof PARALLEL;
  procost: number;
  prorows: number;
  proconfig: string[] | null;
  prosrc: string | null;
  definition: string | null;
  /** A SQL-standard body: printing it locks what it reads (see `deparsed.ts`). */
  locks_to_print: boolean;
  owner: string;
  acl: string[] | null;
  description: string | null;
  aggkind: 'n' | 'o' | 'h' | null;
  aggtransfn: string | null;
  aggtranstype: string | null;
  agginitval: string | null;
  aggfinalfn: string | null;
  aggcombinefn: string | null;
  aggserialfn: string | null;
  aggdeserialfn: string | null;
  aggmtransfn: string | null;
  aggminvtransfn: string | null;
  aggsortop: string | null;
  aggmtranstype: string | null;
  aggminitval: string | null;
  aggmfinalfn: string | null;
  aggfinalextra: boolean | null;
  aggmfinalextra: boolean | null;
  aggfinalmodify: 'r' | 's' | 'w' | null;
  aggmfinalmodify: 'r' | 's' | 'w' | null;
}

const MODIFY = { r: 'read-only', s: 'shareable', w: 'read-write' } as const;

const AGGREGATE_KIND = { n: 'normal', o: 'ordered-set', h: 'hypothetical' } as const;

/** `regproc` columns hold `-` when unset. */
const proc = (value: string | null): string | null => (value === null || value === '-' ? null : value);

function sql(ctx: CatalogContext): string {
  return `WITH ${namespacesCte(ctx)}
SELECT p.oid::text, ns.nspname, p.proname, p.prokind,
  pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity_arguments,
  pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
  pg_catalog.pg_get_function_result(p.oid) AS result,
  l.lanname, p.provolatile, p.proisstrict, p.prosecdef, p.proleakproof, p.proparallel,
  p.procost::float8 AS procost, p.prorows::float8 AS prorows, p.proconfig, p.prosrc,
  CASE WHEN p.prokind <> 'a' AND p.prosqlbody IS NULL THEN pg_catalog.pg_get_functiondef(p.oid) END AS definition,
  p.prokind <> 'a' AND p.prosqlbody IS NOT NULL AS locks_to_print,
  pg_catalog.pg_get_userbyid(p.proowner) AS owner,
  coalesce(p.proacl, pg_catalog.acldefault('f'::"char", p.proowner))::text[] AS acl, d.description,
  ag.aggkind, ag.aggtransfn::regprocedure::text AS aggtransfn,
  pg_catalog.format_type(ag.aggtranstype, NULL) AS aggtranstype, ag.agginitval,
  ag.aggfinalfn::text, ag.aggcombinefn::text, ag.aggserialfn::text, ag.aggdeserialfn::text,
  ag.aggmtransfn::text, ag.aggminvtransfn::text,
  CASE WHEN ag.aggsortop <> 0 THEN ag.aggsortop::regoperator::text END AS aggsortop,
  CASE WHEN ag.aggmtranstype <> 0 THEN pg_catalog.format_type(ag.aggmtranstype, NULL) END AS aggmtranstype,
  ag.aggminitval, ag.aggmfinalfn::text, ag.aggfinalextra, ag.aggmfinalextra,
  ag.aggfinalmodify, ag.aggmfinalmodify
FROM pg_catalog.pg_proc p
JOIN ns ON ns.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
${commentJoin('d', 'pg_proc', 'p.oid')}
WHERE ${notExtensionMember(ctx, 'pg_proc', 'p.oid')} AND ${notInternal('pg_proc', 'p.oid')}`;
}

/** Read the functions, procedures and aggregates that pass the filter. */
export async function readFunctions(ctx: CatalogContext): Promise<FunctionObject[]> {
  const out: FunctionObject[] = [];
  // SQL-standard bodies, printed once the functions are read.
  const bodies = new Map<string, FunctionObject>();
  for await (const batch of ctx.batches<Row>(sql(ctx), ctx.filterValues))
    for (const r of batch) {
      const isSqlStandardBody = r.prosrc === null || (r.lanname === 'sql' && r.prosrc === '');
      const fn: FunctionObject = {
        key: rememberKey(
          ctx,
          'proc',
          r.oid,
          `${objectKey('function', r.nspname, r.proname)}(${r.identity_arguments})`,
        ),
        schema: r.nspname,
        name: r.proname,
        kind: KIND[r.prokind],
        identityArguments: r.identity_arguments,
        arguments: r.arguments,
        result: r.prokind === 'p' ? null : r.result,
        language: r.lanname,
        volatility: VOLATILITY[r.provolatile],
        strict: r.proisstrict,
        securityDefiner: r.prosecdef,
        leakproof: r.proleakproof,
        parallel: PARALLEL[r.proparallel],
        cost: r.procost,
        rows: r.prorows,
        config: (r.proconfig ?? []).slice().sort(),
        body: isSqlStandardBody ? '' : (r.prosrc ?? ''),
        definition: r.definition,
        aggregate:
          r.prokind === 'a' && r.aggkind !== null
            ? {
                kind: AGGREGATE_KIND[r.aggkind],
                transitionFunction: r.aggtransfn ?? '',
                stateType: r.aggtranstype ?? '',
                initialValue: r.agginitval,
                finalFunction: proc(r.aggfinalfn),
                combineFunction: proc(r.aggcombinefn),
                serialFunction: proc(r.aggserialfn),
                deserialFunction: proc(r.aggdeserialfn),
                movingTransitionFunction: proc(r.aggmtransfn),
                movingInverseFunction: proc(r.aggminvtransfn),
                sortOperator: r.aggsortop,
                movingStateType: r.aggmtranstype,
                movingInitialValue: r.aggminitval,
                movingFinalFunction: proc(r.aggmfinalfn),
                finalFunctionExtra: r.aggfinalextra ?? false,
                movingFinalFunctionExtra: r.aggmfinalextra ?? false,
                finalFunctionModify: r.aggfinalmodify === null ? null : MODIFY[r.aggfinalmodify],
                movingFinalFunctionModify: r.aggmfinalmodify === null ? null : MODIFY[r.aggmfinalmodify],
              }
            : null,
        owner: r.owner,
        privileges: parseAcl(r.acl),
        comment: r.description,
      };
      if (r.locks_to_print) bodies.set(r.oid, fn);
      out.push(fn);
    }
  const printed = await deparsed(ctx, [...bodies.keys()], 'pg_catalog.pg_get_functiondef(o.oid)');
  for (const [oid, fn] of bodies) fn.definition = printed.get(oid) ?? null;
  return out;
}
