/**
 * Functions, procedures and aggregates. `CREATE OR REPLACE` when the signature, result and
 * argument names stay; otherwise drop and create, with what depends on the function (column
 * defaults, checks, indexes, triggers, views) dropped before and created after.
 */
import { quoteLiteral } from '@pum/core';
import type { FunctionObject } from '@pum/introspect';
import { type KindStatements, REPLACE } from '../plan-context.js';
import { signatureOf, withoutSemicolon } from '../sql-names.js';

function aggregateSql(fn: FunctionObject): string {
  const a = fn.aggregate;
  if (a === null) throw new Error(`${fn.key} is not an aggregate`);
  const parts = [`SFUNC = ${a.transitionFunction}`, `STYPE = ${a.stateType}`];
  if (a.initialValue !== null) parts.push(`INITCOND = ${quoteLiteral(a.initialValue)}`);
  if (a.finalFunction !== null) parts.push(`FINALFUNC = ${a.finalFunction}`);
  if (a.combineFunction !== null) parts.push(`COMBINEFUNC = ${a.combineFunction}`);
  if (a.serialFunction !== null) parts.push(`SERIALFUNC = ${a.serialFunction}`);
  if (a.deserialFunction !== null) parts.push(`DESERIALFUNC = ${a.deserialFunction}`);
  if (a.sortOperator !== null) parts.push(`SORTOP = ${a.sortOperator}`);
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
    return [{ sql: `DROP ${words} ${signatureOf(fn)};` }];
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
