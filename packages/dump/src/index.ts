/**
 * @packageDocumentation
 * Dump, restore and clone PostgreSQL databases with pg_dump and pg_restore, safely.
 */

export {};
