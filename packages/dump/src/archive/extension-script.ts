/**
 * Reading the SQL pg_restore prints (`pg_restore --use-list=… --file=-`) for the entries a
 * restore handles itself: `CREATE EXTENSION` statements (which schema the archive expects an
 * extension in), `COPY … FROM stdin` blocks of extension configuration tables, and
 * `setval` calls of configuration sequences. Identifiers are parsed back to plain names, so
 * that the SQL run against the target is written by us, with `quoteIdent`.
 */

import { parseCopyLine } from './copy-text.js';

/** Rows of one table, as the archive holds them. */
export interface CopyBlock {
  readonly schema: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** A sequence value, as the archive holds it. */
export interface SequenceValue {
  /** The qualified name, as written in the `setval` call (`topology.topology_id_seq`). */
  readonly sequence: string;
  readonly value: string;
  readonly isCalled: boolean;
}

/** What the script holds. */
export interface ExtensionScript {
  /** Extension name → the schema the archive creates it in. */
  readonly extensions: ReadonlyMap<string, string | undefined>;
  readonly copies: readonly CopyBlock[];
  readonly sequences: readonly SequenceValue[];
  /** Statements we do not understand (an archive made with `--inserts`, say). */
  readonly unknown: readonly string[];
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[^\s".(),;]+)`;
const CREATE_EXTENSION = new RegExp(
  `^CREATE EXTENSION (?:IF NOT EXISTS )?(${IDENT})(?: WITH SCHEMA (${IDENT}))?`,
);
const COPY = new RegExp(String.raw`^COPY (${IDENT})\.(${IDENT}) \((.*)\) FROM stdin;$`);
const SETVAL = /^SELECT pg_catalog\.setval\('((?:[^']|'')*)', (-?\d+), (true|false)\);$/;

/** `"My ""x"""` → `My "x"`; `plain` → `plain`. */
export function unquoteIdent(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replaceAll('""', '"') : text;
}

function splitColumns(list: string): string[] {
  return (list.match(new RegExp(IDENT, 'g')) ?? []).map(unquoteIdent);
}

/**
 * Parse pg_restore's script output.
 *
 * @example
 * ```ts
 * const script = parseExtensionScript('COPY public.spatial_ref_sys (srid, auth_name) FROM stdin;\n990001\tpum\n\\.\n');
 * script.copies[0]?.rows; // [['990001', 'pum']]
 * ```
 */
export function parseExtensionScript(text: string): ExtensionScript {
  const extensions = new Map<string, string | undefined>();
  const copies: CopyBlock[] = [];
  const sequences: SequenceValue[] = [];
  const unknown: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (
      line === '' ||
      line.startsWith('--') ||
      line.startsWith('\\') ||
      /^(SET|SELECT pg_catalog\.set_config)\b/.test(line)
    ) {
      continue;
    }
    const extension = CREATE_EXTENSION.exec(line);
    if (extension) {
      extensions.set(
        unquoteIdent(extension[1] as string),
        extension[2] === undefined ? undefined : unquoteIdent(extension[2]),
      );
      continue;
    }
    if (/^COMMENT ON EXTENSION /.test(line)) continue;
    const copy = COPY.exec(line);
    if (copy) {
      const rows: (string | null)[][] = [];
      for (i++; i < lines.length && lines[i] !== '\\.'; i++) rows.push(parseCopyLine(lines[i] as string));
      copies.push({
        schema: unquoteIdent(copy[1] as string),
        table: unquoteIdent(copy[2] as string),
        columns: splitColumns(copy[3] as string),
        rows,
      });
      continue;
    }
    const setval = SETVAL.exec(line);
    if (setval) {
      sequences.push({
        sequence: (setval[1] as string).replaceAll("''", "'"),
        value: setval[2] as string,
        isCalled: setval[3] === 'true',
      });
      continue;
    }
    unknown.push(line);
  }
  return { extensions, copies, sequences, unknown };
}
