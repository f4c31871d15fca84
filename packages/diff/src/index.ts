/**
 * @packageDocumentation
 * Compare two PostgreSQL catalog snapshots, field by field.
 */

export {};
