/**
 * Before anything runs: substitute parameters into every file that will run, decide how each
 * runs, and refuse what cannot run — so a bad placeholder or a `CREATE INDEX CONCURRENTLY` in
 * the wrong file stops the upgrade before the first statement.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import { lexSql } from '../sql/lexer.js';
import type { ParameterValue } from '../sql/parameter-value.js';
import type { PlaceholderDialect } from '../sql/placeholder-scan.js';
import { substitute } from '../sql/placeholders.js';
import { checkRunnable, type FileMode, fileMode } from './file-mode.js';

/** Parameter values and the placeholder syntax of the module's files. */
export interface Placeholders {
  dialect: PlaceholderDialect;
  parameters: Record<string, ParameterValue | undefined>;
}

/** A file ready to run: the SQL after substitution and how it runs. */
export interface PreparedFile {
  file: DeltaFile;
  /** The SQL after substitution; the source of a code delta, the command of a command hook. */
  sql: string;
  mode: FileMode;
}

/**
 * Prepare `files` for a run.
 *
 * @throws {@link PumError} `PUM_INVALID_FILE` / `PUM_INVALID_ARGUMENT` naming `file:line:column`
 *   for psql meta-commands, unknown placeholders, missing or mistyped values, and statements
 *   that cannot run the way the file would run.
 */
export function prepareFiles(
  files: readonly DeltaFile[],
  placeholders: Placeholders | undefined,
  singleTransaction: boolean,
): PreparedFile[] {
  const prepared = files.map((file) => {
    // Code deltas receive parameters as values; command hooks through their environment.
    if (file.language !== 'sql') return { file, sql: file.text, mode: fileMode(file) };
    const tokens = lexSql(file.text, { source: file.path });
    const meta = tokens.find((token) => token.kind === 'meta');
    if (meta) {
      const line = file.text.slice(0, meta.start).split('\n').length;
      throw new PumError(
        PumErrorCode.InvalidFile,
        `${file.path}:${line}: psql meta-commands (${file.text.slice(meta.start, meta.end).trim()}) cannot run through pum`,
        {
          hint: 'write the file in plain SQL, or run it with psql in a command: hook',
          details: { path: file.path, line },
        },
      );
    }
    if (!placeholders) return { file, sql: file.text, mode: fileMode(file, file.text, tokens) };
    const sql = substitute(file.text, { ...placeholders, source: file.path }).text;
    return { file, sql, mode: fileMode(file, sql) };
  });
  checkRunnable(new Map(prepared.map((p) => [p.file, p.mode])), singleTransaction);
  return prepared;
}
