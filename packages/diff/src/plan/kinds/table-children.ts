/**
 * What hangs off a table besides columns and constraints: triggers, row-security policies
 * and rewrite rules.
 */
import { quoteIdent } from '@pum/core';
import { objectKey, type Policy, type Rule, type Trigger } from '@pum/introspect';
import { type Draft, type KindStatements, type PlanSide, REPLACE } from '../plan-context.js';
import { alterTableOf, ENABLE_WORDS, roleName, tableOf, withoutSemicolon } from '../sql-names.js';

const parentKeys = (o: { schema: string; table: string }) => [
  objectKey('table', o.schema, o.table),
  objectKey('view', o.schema, o.table),
  objectKey('materialized_view', o.schema, o.table),
];

/**
 * Triggers: created from their definition, dropped and created again when it changes. The
 * enabled state of a partitioned table's trigger, and of its clones on partitions, is altered.
 */
export const triggerStatements: KindStatements<Trigger> = {
  create(trigger, ctx) {
    const out: Draft[] = [{ sql: `${withoutSemicolon(trigger.definition)};`, after: parentKeys(trigger) }];
    if (trigger.enabled !== 'origin') out.push(enabledStatement(trigger, ctx.to));
    out.push(...partitionStatements(trigger, trigger.partitions, ctx.to));
    return out;
  },
  drop(trigger) {
    return [{ sql: `DROP TRIGGER ${quoteIdent(trigger.name)} ON ${tableOf(trigger)};` }];
  },
  alter(from, to, fields, ctx) {
    if (![...fields].every((f) => f === 'enabled' || f === 'partitions')) return REPLACE;
    // Enabling or disabling a partitioned table's trigger reaches every clone: set them all again.
    if (fields.has('enabled'))
      return [enabledStatement(to, ctx.to), ...partitionStatements(to, to.partitions, ctx.to)];
    const key = (p: { schema: string; table: string }) => `${p.schema}.${p.table}`;
    const before = new Map(from.partitions.map((p) => [key(p), p.enabled]));
    const after = new Set(to.partitions.map(key));
    const changed = [
      ...to.partitions.filter((p) => before.get(key(p)) !== p.enabled),
      // A partition no longer listed follows the trigger again.
      ...from.partitions.filter((p) => !after.has(key(p))).map((p) => ({ ...p, enabled: to.enabled })),
    ];
    return partitionStatements(to, changed, ctx.to);
  },
};

function enabledStatement(trigger: Trigger, side: PlanSide): Draft {
  return {
    sql: `${alterTableOf(side, trigger)} ${ENABLE_WORDS[trigger.enabled]} TRIGGER ${quoteIdent(trigger.name)};`,
  };
}

/** Set the enabled state of the trigger's clones on the given partitions. */
function partitionStatements(trigger: Trigger, partitions: Trigger['partitions'], side: PlanSide): Draft[] {
  return partitions.map((p) => ({
    sql: `${alterTableOf(side, p)} ${ENABLE_WORDS[p.enabled]} TRIGGER ${quoteIdent(trigger.name)};`,
    after: [objectKey('table', p.schema, p.table)],
  }));
}

const policyRoles = (policy: Policy) => policy.roles.map(roleName).join(', ');

/** Row-security policies: `ALTER POLICY` for roles and expressions, else drop and create. */
export const policyStatements: KindStatements<Policy> = {
  create(policy) {
    let sql = `CREATE POLICY ${quoteIdent(policy.name)} ON ${tableOf(policy)} AS ${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${policy.command.toUpperCase()} TO ${policyRoles(policy)}`;
    if (policy.using !== null) sql += ` USING (${policy.using})`;
    if (policy.withCheck !== null) sql += ` WITH CHECK (${policy.withCheck})`;
    return [{ sql: `${sql};`, after: parentKeys(policy) }];
  },
  drop(policy) {
    return [{ sql: `DROP POLICY ${quoteIdent(policy.name)} ON ${tableOf(policy)};` }];
  },
  alter(from, to, fields) {
    if (fields.has('command') || fields.has('permissive')) return REPLACE;
    // An expression cannot be removed by ALTER POLICY.
    if ((from.using !== null && to.using === null) || (from.withCheck !== null && to.withCheck === null))
      return REPLACE;
    let sql = `ALTER POLICY ${quoteIdent(to.name)} ON ${tableOf(to)} TO ${policyRoles(to)}`;
    if (to.using !== null) sql += ` USING (${to.using})`;
    if (to.withCheck !== null) sql += ` WITH CHECK (${to.withCheck})`;
    return [{ sql: `${sql};` }];
  },
};

/** Rewrite rules: `CREATE OR REPLACE RULE` for a new definition. */
export const ruleStatements: KindStatements<Rule> = {
  create(rule) {
    const out: Draft[] = [{ sql: `${withoutSemicolon(rule.definition)};`, after: parentKeys(rule) }];
    if (rule.enabled !== 'origin') out.push(ruleEnabled(rule));
    return out;
  },
  drop(rule) {
    return [{ sql: `DROP RULE ${quoteIdent(rule.name)} ON ${tableOf(rule)};` }];
  },
  alter(_from, to, fields) {
    const out: Draft[] = [];
    if ([...fields].some((f) => f !== 'enabled')) {
      out.push({
        sql: `${withoutSemicolon(to.definition).replace(/^CREATE RULE/, 'CREATE OR REPLACE RULE')};`,
      });
    }
    if (fields.has('enabled')) out.push(ruleEnabled(to));
    return out;
  },
};

function ruleEnabled(rule: Rule): Draft {
  return { sql: `ALTER TABLE ${tableOf(rule)} ${ENABLE_WORDS[rule.enabled]} RULE ${quoteIdent(rule.name)};` };
}
