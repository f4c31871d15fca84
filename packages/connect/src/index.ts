/**
 * @packageDocumentation
 * Turn what PostgreSQL users type (URLs, conninfo, service names, PG* environment) into a pg client config and a libpq environment for child processes.
 */

export {};
