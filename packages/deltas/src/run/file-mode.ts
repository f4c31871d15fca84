/**
 * How a file runs: in a transaction of ours (the default), as written when it carries its own
 * `BEGIN; … COMMIT;` (real PUM 0.x files do), or statement by statement outside any
 * transaction when marked `-- pum:no-transaction`. Files that cannot run as asked are reported
 * before anything runs.
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import { hasNoTransactionMarker, requiresNoTransaction, transactionControl } from '../sql/classify.js';
import type { SqlToken } from '../sql/lexer.js';
import { type Statement, scanStatements } from '../sql/split.js';

/**
 * How one file runs: SQL in a transaction of ours, in its own (`self`), or statement by
 * statement outside any (`statements`); a code delta in a transaction of ours (`code`); a
 * command hook outside any transaction (`command`).
 */
export type FileMode =
  | {
      kind: 'transaction';
      statements: Statement[];
      /** The text ends inside parentheses or a `BEGIN ATOMIC` body: nothing may be sent after it in one message. */
      endsOpen: boolean;
    }
  | { kind: 'self'; statements: Statement[] }
  | { kind: 'statements'; statements: Statement[] }
  | { kind: 'code' }
  | { kind: 'command' };

/**
 * Decide how `file` runs, given the SQL it will send (`sql`, after parameter substitution) and,
 * when the caller has them, its tokens.
 */
export function fileMode(file: DeltaFile, sql = file.text, tokens?: readonly SqlToken[]): FileMode {
  if (file.language === 'js') return { kind: 'code' };
  // A Python file runs in a process of its own, outside pum's transaction, like a command hook.
  if (file.language === 'command' || file.language === 'python') return { kind: 'command' };
  const { statements, endsOpen } = scanStatements(sql, { source: file.path }, tokens);
  if (hasNoTransactionMarker(file.text)) return { kind: 'statements', statements };
  if (statements.some((s) => transactionControl(s.text) !== undefined)) return { kind: 'self', statements };
  return { kind: 'transaction', statements, endsOpen };
}

/**
 * Refuse, before anything runs, files whose statements cannot run the way they would be run.
 *
 * @throws {@link PumError} `PUM_INVALID_FILE` listing every offending statement as `path:line`.
 */
export function checkRunnable(modes: ReadonlyMap<DeltaFile, FileMode>, singleTransaction: boolean): void {
  const problems: string[] = [];
  for (const [file, mode] of modes) {
    if (mode.kind === 'code' || mode.kind === 'command') continue;
    if (singleTransaction && mode.kind !== 'transaction') {
      problems.push(
        `${file.path}: ${mode.kind === 'self' ? 'carries its own BEGIN/COMMIT' : 'is marked pum:no-transaction'}, which cannot run inside --single-transaction`,
      );
      continue;
    }
    if (mode.kind === 'statements') continue;
    for (const statement of mode.statements) {
      const reason = requiresNoTransaction(statement.text);
      if (reason) problems.push(`${file.path}:${statement.line}: ${reason} cannot run inside a transaction`);
    }
  }
  if (problems.length > 0) {
    throw new PumError(
      PumErrorCode.InvalidFile,
      `cannot run these files as they are:\n  ${problems.join('\n  ')}`,
      {
        hint: 'put statements such as CREATE INDEX CONCURRENTLY in a file starting with "-- pum:no-transaction"',
        details: { problems },
      },
    );
  }
}
