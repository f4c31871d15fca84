/**
 * Generic options (`OPTIONS (host 'a', port '5432')`) of foreign-data wrappers, servers, user
 * mappings and foreign tables, as the catalog stores them (`name=value` text), sorted, with the
 * values of secrets masked so that a snapshot file or a report never holds a password.
 */

/** What a masked value reads as. */
export const MASKED_VALUE = '********';

/** Option names whose values are secrets: `password`, `sslpassword`, `client_secret`, `token`… */
const SECRET = /pass|secret|token/i;

/** Whether the option `name` holds a secret, so its value is masked. */
export function isSecretOption(name: string): boolean {
  return SECRET.test(name);
}

/** Sort `name=value` options and mask the values of secrets. */
export function genericOptions(options: readonly string[] | null): string[] {
  return (options ?? [])
    .map((option) => {
      const eq = option.indexOf('=');
      const name = eq === -1 ? option : option.slice(0, eq);
      return isSecretOption(name) ? `${name}=${MASKED_VALUE}` : option;
    })
    .sort();
}
