/**
 * @packageDocumentation
 * The pum command: check, dump, restore and upgrade PostgreSQL/PostGIS databases.
 */

export {};
