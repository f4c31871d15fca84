/**
 * @packageDocumentation
 * Read a live PostgreSQL/PostGIS catalog into a typed, serialisable snapshot.
 */

export {};
