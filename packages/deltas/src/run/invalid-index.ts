/**
 * `CREATE [UNIQUE] INDEX CONCURRENTLY` that fails or is interrupted leaves an INVALID index of
 * its name behind: run again, the statement fails with "already exists" (or, with `IF NOT
 * EXISTS`, skips and leaves the index invalid). Before such a statement runs, an invalid index
 * of its name on its table is dropped when this statement left it (the file's last run stopped
 * at this very statement), and otherwise reported with the command that removes it.
 */
import { PumError, PumErrorCode, type Queryable, qualifiedName } from '@pum/core';
import { contentRange, lexSql } from '../sql/lexer.js';

/** The index a `CREATE INDEX CONCURRENTLY` statement names, and its table as written. */
export interface ConcurrentIndex {
  /** The index name (unquoted). */
  name: string;
  /** The table, as written in the statement (quoting kept): resolved by the server. */
  table: string;
}

/** Words and identifiers of `text`, with commas and other code left out except `.`. */
function words(text: string): { value: string; raw: string }[] {
  const out: { value: string; raw: string }[] = [];
  for (const token of lexSql(text)) {
    const raw = text.slice(token.start, token.end);
    if (token.kind === 'word') out.push({ value: raw.toLowerCase(), raw });
    else if (token.kind === 'identifier' && token.prefix === '') {
      const { start, end } = contentRange(token);
      out.push({ value: `"${text.slice(start, end).replaceAll('""', '"')}`, raw });
    } else if (token.kind === 'code') {
      for (const c of raw.trim()) out.push({ value: c, raw: c });
    } else if (token.kind !== 'comment') out.push({ value: '?', raw });
  }
  return out;
}

/** The index and table of a `CREATE [UNIQUE] INDEX CONCURRENTLY name ON table` statement. */
export function concurrentIndexOf(statement: string): ConcurrentIndex | undefined {
  const w = words(statement);
  let i = 0;
  const is = (value: string) => w[i]?.value === value && ++i > 0;
  if (!is('create')) return undefined;
  is('unique');
  if (!is('index') || !is('concurrently')) return undefined;
  if (is('if') && !(is('not') && is('exists'))) return undefined;
  const name = w[i];
  if (name === undefined || name.value === 'on') return undefined;
  i++;
  if (!is('on')) return undefined;
  is('only');
  const parts: string[] = [];
  for (;;) {
    const part = w[i];
    if (part === undefined || !/^["\p{L}_]/u.test(part.value)) break;
    parts.push(part.raw);
    i++;
    if (!is('.')) break;
  }
  if (parts.length === 0) return undefined;
  const unquoted = name.value.startsWith('"') ? name.value.slice(1) : name.value;
  return { name: unquoted, table: parts.join('.') };
}

/** An INVALID index of that name in the table's schema, by its qualified name. */
async function invalidIndex(db: Queryable, index: ConcurrentIndex): Promise<string | undefined> {
  const { rows } = await db.query<{ schema: string; valid: boolean; onTable: boolean }>(
    `SELECT n.nspname AS schema, i.indisvalid AS valid, i.indrelid = t.oid AS "onTable"
     FROM (SELECT oid, relnamespace FROM pg_catalog.pg_class WHERE oid = to_regclass($2)) t
     JOIN pg_catalog.pg_class c ON c.relnamespace = t.relnamespace AND c.relname = $1
     JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`,
    [index.name, index.table],
  );
  const row = rows[0];
  return row && !row.valid && row.onTable ? qualifiedName(row.schema, index.name) : undefined;
}

/**
 * Before `statement` runs: when it builds an index concurrently and an INVALID index of that
 * name exists on its table, drop it if `leftByUs` (the file's last run stopped at this statement),
 * else refuse with the command to run. Returns the index dropped, if any.
 *
 * @throws {@link PumError} `PUM_SQL_ERROR` naming the invalid index and the `DROP INDEX` to run.
 */
export async function dropInvalidIndex(
  db: Queryable,
  statement: string,
  leftByUs: boolean,
  where: string,
): Promise<string | undefined> {
  const index = concurrentIndexOf(statement);
  if (index === undefined) return undefined;
  const invalid = await invalidIndex(db, index);
  if (invalid === undefined) return undefined;
  const drop = `DROP INDEX CONCURRENTLY IF EXISTS ${invalid};`;
  if (!leftByUs) {
    throw new PumError(
      PumErrorCode.SqlError,
      `${where}: index ${invalid} exists and is INVALID (a CREATE INDEX CONCURRENTLY that failed or was interrupted left it), and pum cannot tell that this file left it`,
      {
        hint: `if nothing else is building it, remove it with: ${drop} then upgrade again`,
        details: { index: invalid, command: drop },
      },
    );
  }
  await db.query(drop);
  return invalid;
}
