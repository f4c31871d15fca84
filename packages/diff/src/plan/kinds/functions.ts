/**
 * Functions, procedures and aggregates. `CREATE OR REPLACE` when the signature, result and
 * argument names stay; otherwise drop and create, with what depends on the function (column
 * defaults, checks, indexes, triggers, views) dropped before and created after.
 */
import { quoteLiteral } from '@pum/core';
import type { FunctionObject } from '@pum/introspect';
import { type KindStatements, REPLACE } from '../plan-context.js';
import { signatureOf, withoutSemicolon } from '../sql-names.js';

/** `CREATE AGGREGATE` takes support functions by name: the snapshot's `f(integer,integer)` loses its arguments. */
const functionName = (fn: string) => fn.replace(/\(.*\)$/, '');

/** `SORTOP` takes an operator, qualified as `OPERATOR(schema.op)`; the snapshot has `op(left,right)`. */
function operatorSql(operator: string): string {
  const op = operator.replace(/\(.*\)$/, '');
  // Unqualified names were read with search_path = pg_catalog.
  return `OPERATOR(${op.includes('.') ? op : `pg_catalog.${op}`})`;
}

const MODIFY_WORDS = {
  'read-only': 'READ_ONLY',
  shareable: 'SHAREABLE',
  'read-write': 'READ_WRITE',
} as const;

function aggregateSql(fn: FunctionObject): string {
  const a = fn.aggregate;
  if (a === null) throw new Error(`${fn.key} is not an aggregate`);
  const parts = [`SFUNC = ${functionName(a.transitionFunction)}`, `STYPE = ${a.stateType}`];
  if (a.initialValue !== null) parts.push(`INITCOND = ${quoteLiteral(a.initialValue)}`);
  if (a.finalFunction !== null) {
    parts.push(`FINALFUNC = ${functionName(a.finalFunction)}`);
    if (a.finalFunctionExtra) parts.push('FINALFUNC_EXTRA');
    if (a.finalFunctionModify != null)
      parts.push(`FINALFUNC_MODIFY = ${MODIFY_WORDS[a.finalFunctionModify]}`);
  }
  if (a.combineFunction !== null) parts.push(`COMBINEFUNC = ${functionName(a.combineFunction)}`);
  if (a.serialFunction !== null) parts.push(`SERIALFUNC = ${functionName(a.serialFunction)}`);
  if (a.deserialFunction !== null) parts.push(`DESERIALFUNC = ${functionName(a.deserialFunction)}`);
  if (a.movingTransitionFunction !== null) {
    parts.push(`MSFUNC = ${functionName(a.movingTransitionFunction)}`);
    if (a.movingInverseFunction !== null) parts.push(`MINVFUNC = ${functionName(a.movingInverseFunction)}`);
    if (a.movingStateType != null) parts.push(`MSTYPE = ${a.movingStateType}`);
    if (a.movingInitialValue != null) parts.push(`MINITCOND = ${quoteLiteral(a.movingInitialValue)}`);
    if (a.movingFinalFunction != null) {
      parts.push(`MFINALFUNC = ${functionName(a.movingFinalFunction)}`);
      if (a.movingFinalFunctionExtra) parts.push('MFINALFUNC_EXTRA');
      if (a.movingFinalFunctionModify != null)
        parts.push(`MFINALFUNC_MODIFY = ${MODIFY_WORDS[a.movingFinalFunctionModify]}`);
    }
  }
  if (a.sortOperator !== null) parts.push(`SORTOP = ${operatorSql(a.sortOperator)}`);
  if (a.kind === 'hypothetical') parts.push('HYPOTHETICAL');
  if (fn.parallel !== 'unsafe') parts.push(`PARALLEL = ${fn.parallel.toUpperCase()}`);
  const args = a.kind === 'normal' ? fn.arguments || '*' : fn.arguments;
  return `CREATE AGGREGATE ${signatureOf({ ...fn, identityArguments: args })} (${parts.join(', ')});`;
}

/** Functions, procedures, aggregates and window functions. */
export const functionStatements: KindStatements<FunctionObject> = {
  create(fn) {
    if (fn.definition === null) return [{ sql: aggregateSql(fn) }];
    return [{ sql: `${withoutSemicolon(fn.definition)};` }];
  },
  drop(fn) {
    const words = fn.kind === 'procedure' ? 'PROCEDURE' : fn.kind === 'aggregate' ? 'AGGREGATE' : 'FUNCTION';
    return [{ sql: `DROP ${words} ${signatureOf(fn, fn.kind === 'aggregate')};` }];
  },
  alter(from, to, fields) {
    const inPlace = [
      'body',
      'definition',
      'volatility',
      'strict',
      'securityDefiner',
      'leakproof',
      'parallel',
      'cost',
      'rows',
      'config',
      'language',
    ];
    if (to.definition === null || ![...fields].every((f) => inPlace.includes(f))) return REPLACE;
    // `SET` clauses a CREATE OR REPLACE does not clear.
    const reset = from.config
      .map((c) => c.split('=')[0] ?? '')
      .filter((name) => !to.config.some((c) => c.startsWith(`${name}=`)))
      .map((name) => ({ sql: `ALTER ROUTINE ${signatureOf(to)} RESET ${name};` }));
    return [{ sql: `${withoutSemicolon(to.definition)};` }, ...reset];
  },
};
