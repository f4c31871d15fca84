/** Collations: created from their provider and locales; any other change drops and creates them. */
import { quoteLiteral } from '@pum/core';
import type { Collation } from '@pum/introspect';
import { type KindStatements, REPLACE } from '../plan-context.js';
import { nameOf } from '../sql-names.js';

/** Collations. */
export const collationStatements: KindStatements<Collation> = {
  create(collation) {
    const options: string[] = [];
    if (collation.provider !== 'default') options.push(`provider = ${collation.provider}`);
    if (collation.locale !== null) options.push(`locale = ${quoteLiteral(collation.locale)}`);
    else {
      if (collation.lcCollate !== null) options.push(`lc_collate = ${quoteLiteral(collation.lcCollate)}`);
      if (collation.lcCtype !== null) options.push(`lc_ctype = ${quoteLiteral(collation.lcCtype)}`);
    }
    if (collation.icuRules !== null) options.push(`rules = ${quoteLiteral(collation.icuRules)}`);
    if (!collation.deterministic) options.push('deterministic = false');
    return [{ sql: `CREATE COLLATION ${nameOf(collation)} (${options.join(', ')});` }];
  },
  drop(collation) {
    return [{ sql: `DROP COLLATION ${nameOf(collation)};` }];
  },
  alter() {
    return REPLACE;
  },
};
