/**
 * The table of contents of an archive, as `pg_restore --list` prints it:
 *
 * ```
 * ;     dbname: qwat
 * ;     Dumped by pg_dump version: 15.18
 * 7; 2615 17430 SCHEMA - qwat_od postgres
 * 4258; 0 17432 TABLE DATA qwat_od pipes postgres
 * ```
 *
 * An entry line is `<dump id>; <catalog table oid> <oid> <type> <schema or -> <name> <owner>`,
 * the parts separated by single spaces and the names unquoted, so a name holding a space is
 * ambiguous. The type is read against the list of types pg_dump writes; the schema against
 * the schemas the archive creates (see {@link namespaceOf}).
 */

/** One entry of an archive's table of contents. */
export interface ArchiveEntry {
  /** The dump id, what `pg_restore --use-list` selects entries by. */
  readonly id: number;
  /** The line as `pg_restore --list` printed it. */
  readonly line: string;
  /** The entry type: `TABLE`, `TABLE DATA`, `EXTENSION`, `COMMENT`, `SEQUENCE SET`… */
  readonly type: string;
  /** What follows the type: `<schema or -> <name> <owner>`, as printed. */
  readonly rest: string;
}

/**
 * What an archive says about itself (the header of `pg_restore --list`).
 *
 * @example
 * ```ts
 * const { archive } = await restoreDatabase({ connection, file: 'qwat.backup' });
 * console.log(`dumped from ${archive?.dbname} by pg_dump ${archive?.dumpedBy}`);
 * ```
 */
export interface ArchiveInfo {
  /** The database it was dumped from. */
  readonly dbname: string | undefined;
  /** `15.18 (Debian 15.18-0+deb12u1)` */
  readonly dumpedFrom: string | undefined;
  /** The version of the pg_dump that wrote it. */
  readonly dumpedBy: string | undefined;
  /** `CUSTOM`, `DIRECTORY`, `TAR`. */
  readonly format: string | undefined;
}

/** A parsed listing. */
export interface ArchiveListing {
  readonly info: ArchiveInfo;
  readonly entries: readonly ArchiveEntry[];
}

// Longest first, so that `TABLE DATA` wins over `TABLE`. From pg_dump 10–18.
const ENTRY_TYPES = [
  'ACCESS METHOD',
  'ACL',
  'AGGREGATE',
  'BLOB',
  'BLOB METADATA',
  'BLOBS',
  'CAST',
  'CHECK CONSTRAINT',
  'COLLATION',
  'COMMENT',
  'CONSTRAINT',
  'CONVERSION',
  'DATABASE',
  'DATABASE PROPERTIES',
  'DEFAULT',
  'DEFAULT ACL',
  'DOMAIN',
  'ENCODING',
  'EVENT TRIGGER',
  'EXTENSION',
  'FK CONSTRAINT',
  'FOREIGN DATA WRAPPER',
  'FOREIGN SERVER',
  'FOREIGN TABLE',
  'FUNCTION',
  'INDEX',
  'INDEX ATTACH',
  'LARGE OBJECT',
  'LARGE OBJECTS',
  'MATERIALIZED VIEW',
  'MATERIALIZED VIEW DATA',
  'OPERATOR',
  'OPERATOR CLASS',
  'OPERATOR FAMILY',
  'POLICY',
  'PROCEDURAL LANGUAGE',
  'PROCEDURE',
  'PUBLICATION',
  'PUBLICATION TABLE',
  'PUBLICATION TABLES IN SCHEMA',
  'ROW SECURITY',
  'RULE',
  'SCHEMA',
  'SEARCHPATH',
  'SECURITY LABEL',
  'SEQUENCE',
  'SEQUENCE OWNED BY',
  'SEQUENCE SET',
  'SERVER',
  'SHELL TYPE',
  'STATISTICS',
  'STATISTICS DATA',
  'STDSTRINGS',
  'SUBSCRIPTION',
  'SUBSCRIPTION TABLE',
  'TABLE',
  'TABLE ATTACH',
  'TABLE DATA',
  'TEXT SEARCH CONFIGURATION',
  'TEXT SEARCH DICTIONARY',
  'TEXT SEARCH PARSER',
  'TEXT SEARCH TEMPLATE',
  'TRANSFORM',
  'TRIGGER',
  'TYPE',
  'USER MAPPING',
  'VIEW',
].sort((a, b) => b.length - a.length);

const ENTRY_LINE = /^(\d+); \d+ \d+ (.*)$/;
const HEADER_LINE = /^;\s+([^:]+): (.*)$/;

/**
 * Parse the output of `pg_restore --list`.
 *
 * @example
 * ```ts
 * const { entries } = parseArchiveList('4258; 0 17432 TABLE DATA app pipes postgres\n');
 * entries[0]; // { id: 4258, type: 'TABLE DATA', rest: 'app pipes postgres', line: '4258; 0 17432 TABLE DATA app pipes postgres' }
 * ```
 */
export function parseArchiveList(text: string): ArchiveListing {
  const header = new Map<string, string>();
  const entries: ArchiveEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith(';')) {
      const match = HEADER_LINE.exec(line);
      if (match) header.set((match[1] as string).trim().toLowerCase(), (match[2] as string).trim());
      continue;
    }
    const match = ENTRY_LINE.exec(line);
    if (!match) continue;
    const body = match[2] as string;
    const type = ENTRY_TYPES.find((t) => body.startsWith(`${t} `)) ?? body.split(' ', 1)[0] ?? '';
    entries.push({ id: Number(match[1]), line, type, rest: body.slice(type.length + 1) });
  }
  return {
    info: {
      dbname: header.get('dbname'),
      dumpedFrom: header.get('dumped from database version'),
      dumpedBy: header.get('dumped by pg_dump version'),
      format: header.get('format'),
    },
    entries,
  };
}

/**
 * The name of the schema a `SCHEMA` entry creates: its `rest` is `- <name> <owner>`, and role
 * names are taken to hold no space.
 */
function schemaEntryName(entry: ArchiveEntry): string | undefined {
  if (!entry.rest.startsWith('- ')) return undefined;
  const nameAndOwner = entry.rest.slice(2);
  const space = nameAndOwner.lastIndexOf(' ');
  return space <= 0 ? nameAndOwner : nameAndOwner.slice(0, space);
}

/**
 * The schemas an archive's entries may belong to: those it creates, plus `public` (created
 * by `CREATE DATABASE`, so usually not in the archive).
 */
export function knownSchemas(entries: readonly ArchiveEntry[]): Set<string> {
  const names = new Set(['public']);
  for (const entry of entries) {
    if (entry.type !== 'SCHEMA') continue;
    const name = schemaEntryName(entry);
    if (name) names.add(name);
  }
  return names;
}

/**
 * The schema of an entry: `undefined` for entries outside schemas (`SCHEMA`, `EXTENSION`,
 * comments on them…); else the longest known schema the entry's `rest` starts with, or its
 * first word.
 *
 * @example
 * ```ts
 * const [entry] = parseArchiveList('4260; 0 17448 TABLE DATA odd schema my table postgres').entries;
 * namespaceOf(entry!, new Set(['public', 'odd schema'])); // 'odd schema'
 * ```
 */
export function namespaceOf(entry: ArchiveEntry, schemas: ReadonlySet<string>): string | undefined {
  if (entry.rest.startsWith('- ')) return undefined;
  let best: string | undefined;
  for (const schema of schemas) {
    if (entry.rest.startsWith(`${schema} `) && (best === undefined || schema.length > best.length))
      best = schema;
  }
  return best ?? entry.rest.split(' ', 1)[0];
}

/**
 * The schema an entry is about when it is a schema itself or a comment, grant or label on
 * one (`SCHEMA - app postgres`, `COMMENT - SCHEMA app postgres`, `ACL - SCHEMA app postgres`).
 */
export function schemaTargetOf(entry: ArchiveEntry): string | undefined {
  if (entry.type === 'SCHEMA') return schemaEntryName(entry);
  if (
    (entry.type === 'COMMENT' || entry.type === 'ACL' || entry.type === 'SECURITY LABEL') &&
    entry.rest.startsWith('- SCHEMA ')
  ) {
    return schemaEntryName({ ...entry, rest: `- ${entry.rest.slice('- SCHEMA '.length)}` });
  }
  return undefined;
}

/** Whether an entry's `rest` is exactly `<schema> <name>` followed by an owner (or none). */
export function entryNamed(entry: ArchiveEntry, schema: string, name: string): boolean {
  const prefix = `${schema} ${name}`;
  if (!entry.rest.startsWith(prefix)) return false;
  const after = entry.rest.slice(prefix.length);
  return after === '' || (after.startsWith(' ') && !after.slice(1).includes(' '));
}

/** The name in an entry outside schemas: `EXTENSION - postgis ` → `postgis`. */
export function unqualifiedTag(entry: ArchiveEntry): string {
  return entry.rest.replace(/^- /, '').trim();
}
