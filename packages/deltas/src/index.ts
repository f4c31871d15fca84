/**
 * @packageDocumentation
 * Apply versioned SQL and code delta files to PostgreSQL, record them, never apply one twice.
 */

export {};
