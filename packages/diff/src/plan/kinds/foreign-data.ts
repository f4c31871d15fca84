/**
 * Foreign-data wrappers, foreign servers and user mappings: database-wide objects a data model
 * with foreign tables carries. Options change in place (`OPTIONS (SET …, ADD …, DROP …)`); a
 * server cannot change its wrapper or type in place, so it is created again when nothing uses
 * it, else the change is a manual step.
 */
import { quoteIdent, quoteLiteral } from '@pum/core';
import { type ForeignDataWrapper, type ForeignServer, objectKey, type UserMapping } from '@pum/introspect';
import { type Draft, type KindStatements, type PlanContext, REPLACE } from '../plan-context.js';
import { roleName } from '../sql-names.js';
import { alterOptions, createOptions, type OptionsClause } from './generic-options.js';

/** A manual step for options whose values the snapshot masks (passwords). */
function maskedStep(what: string, clause: OptionsClause, options: (sql: string) => string): Draft[] {
  if (clause.masked.length === 0) return [];
  const adds = clause.masked.map((name) => `ADD ${quoteIdent(name)} '…'`).join(', ');
  return [
    {
      sql: `-- ${what}: set ${clause.masked.join(', ')} by hand (snapshots never hold secrets): ${options(`OPTIONS (${adds})`)}`,
      hazards: ['manual'],
    },
  ];
}

/** `HANDLER f` / `NO HANDLER`, `VALIDATOR f` / `NO VALIDATOR`. */
const fdwFunction = (word: string, fn: string | null) => (fn === null ? `NO ${word}` : `${word} ${fn}`);

/** Foreign-data wrappers. */
export const foreignDataWrapperStatements: KindStatements<ForeignDataWrapper> = {
  create(wrapper) {
    const options = createOptions(wrapper.options);
    const name = quoteIdent(wrapper.name);
    return [
      {
        sql: `CREATE FOREIGN DATA WRAPPER ${name} ${fdwFunction('HANDLER', wrapper.handler)} ${fdwFunction('VALIDATOR', wrapper.validator)}${options.sql};`,
      },
      ...maskedStep(
        `foreign-data wrapper ${name}`,
        options,
        (o) => `ALTER FOREIGN DATA WRAPPER ${name} ${o};`,
      ),
    ];
  },
  drop(wrapper) {
    return [{ sql: `DROP FOREIGN DATA WRAPPER ${quoteIdent(wrapper.name)};` }];
  },
  alter(from, to, fields) {
    const name = quoteIdent(to.name);
    const out: Draft[] = [];
    const functions: string[] = [];
    if (fields.has('handler')) functions.push(fdwFunction('HANDLER', to.handler));
    if (fields.has('validator')) functions.push(fdwFunction('VALIDATOR', to.validator));
    if (functions.length > 0) out.push({ sql: `ALTER FOREIGN DATA WRAPPER ${name} ${functions.join(' ')};` });
    if (fields.has('options')) {
      const options = alterOptions(from.options, to.options);
      if (options.sql !== '') out.push({ sql: `ALTER FOREIGN DATA WRAPPER ${name}${options.sql};` });
      out.push(
        ...maskedStep(
          `foreign-data wrapper ${name}`,
          options,
          (o) => `ALTER FOREIGN DATA WRAPPER ${name} ${o};`,
        ),
      );
    }
    return out;
  },
};

/** Whether a user mapping or a foreign table uses the server on the side. */
function serverInUse(ctx: PlanContext, server: string): boolean {
  const { objects } = ctx.from.snapshot;
  return (
    objects.userMappings.some((m) => m.server === server) ||
    objects.tables.some((t) => t.foreign?.server === server)
  );
}

/** Foreign servers. */
export const foreignServerStatements: KindStatements<ForeignServer> = {
  create(server) {
    const name = quoteIdent(server.name);
    const type = server.type === null ? '' : ` TYPE ${quoteLiteral(server.type)}`;
    const version = server.version === null ? '' : ` VERSION ${quoteLiteral(server.version)}`;
    const options = createOptions(server.options);
    return [
      {
        sql: `CREATE SERVER ${name}${type}${version} FOREIGN DATA WRAPPER ${quoteIdent(server.wrapper)}${options.sql};`,
        after: [objectKey('foreign_data_wrapper', server.wrapper)],
      },
      ...maskedStep(`server ${name}`, options, (o) => `ALTER SERVER ${name} ${o};`),
    ];
  },
  drop(server) {
    return [{ sql: `DROP SERVER ${quoteIdent(server.name)};` }];
  },
  alter(from, to, fields, ctx) {
    const name = quoteIdent(to.name);
    if (fields.has('wrapper') || fields.has('type')) {
      if (!serverInUse(ctx, from.name)) return REPLACE;
      return [
        {
          sql: `-- server ${name}: its ${fields.has('wrapper') ? 'foreign-data wrapper' : 'type'} differs; user mappings and foreign tables use it, so drop and create them again by hand`,
          hazards: ['manual'],
        },
      ];
    }
    const out: Draft[] = [];
    if (fields.has('version'))
      out.push({
        sql: `ALTER SERVER ${name} VERSION ${to.version === null ? 'NULL' : quoteLiteral(to.version)};`,
      });
    if (fields.has('options')) {
      const options = alterOptions(from.options, to.options);
      if (options.sql !== '') out.push({ sql: `ALTER SERVER ${name}${options.sql};` });
      out.push(...maskedStep(`server ${name}`, options, (o) => `ALTER SERVER ${name} ${o};`));
    }
    return out;
  },
};

/** `FOR <role> SERVER <server>` of a user mapping. */
export function userMappingTarget(mapping: UserMapping): string {
  return `FOR ${roleName(mapping.user)} SERVER ${quoteIdent(mapping.server)}`;
}

const unreadable = (mapping: UserMapping): Draft => ({
  sql: `-- user mapping ${userMappingTarget(mapping)}: its options were not readable when the snapshot was taken (take it as a superuser or the server's owner); set them by hand`,
  hazards: ['manual'],
});

/** User mappings. */
export const userMappingStatements: KindStatements<UserMapping> = {
  create(mapping) {
    const target = userMappingTarget(mapping);
    const options = createOptions(mapping.options ?? []);
    return [
      {
        sql: `CREATE USER MAPPING ${target}${options.sql};`,
        after: [objectKey('foreign_server', mapping.server)],
      },
      ...(mapping.options === null ? [unreadable(mapping)] : []),
      ...maskedStep(`user mapping ${target}`, options, (o) => `ALTER USER MAPPING ${target} ${o};`),
    ];
  },
  drop(mapping) {
    return [{ sql: `DROP USER MAPPING ${userMappingTarget(mapping)};` }];
  },
  alter(from, to) {
    if (from.options === null || to.options === null) return [unreadable(to)];
    const target = userMappingTarget(to);
    const options = alterOptions(from.options, to.options);
    return [
      ...(options.sql === '' ? [] : [{ sql: `ALTER USER MAPPING ${target}${options.sql};` }]),
      ...maskedStep(`user mapping ${target}`, options, (o) => `ALTER USER MAPPING ${target} ${o};`),
    ];
  },
};
