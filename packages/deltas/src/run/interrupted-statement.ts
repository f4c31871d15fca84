/**
 * A file run outside a transaction whose last run died while a statement ran (the statement was
 * recorded as started, never as done): the server may or may not have committed it. Nothing
 * runs until the caller says which — `assume-done` (it committed: continue after it) or `retry`
 * (it did not: run it again).
 */
import { PumError, PumErrorCode } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import type { FileMode } from './file-mode.js';
import type { PlannedFile } from './plan.js';
import { parseMark, statementFingerprint } from './statement-marks.js';

/** What to do with a statement an interrupted run left without an outcome. */
export type InterruptedStatementChoice = 'assume-done' | 'retry';

/** A statement left without an outcome, found in a file's last history row. */
export interface InterruptedStatement {
  file: DeltaFile;
  /** 1-based. */
  number: number;
  total: number;
  /** Its first line, for people. */
  firstLine: string;
  /** Whether the statement's text now is the text that was sent (parameters may differ). */
  sameText: boolean;
}

/** The statement of `planned` left without an outcome, if any. */
export function interruptedStatement(
  planned: PlannedFile | undefined,
  mode: FileMode,
): InterruptedStatement | undefined {
  if (mode.kind !== 'statements' || planned?.status !== 'failed') return undefined;
  const history = planned.history;
  const mark = parseMark(history?.statementStarted);
  if (!mark || history?.checksum !== planned.file.checksum) return undefined;
  const statement = mode.statements[mark.number - 1];
  return {
    file: planned.file,
    number: mark.number,
    total: mode.statements.length,
    firstLine: (statement?.text.split('\n')[0] ?? '').trim(),
    sameText: statement !== undefined && statementFingerprint(statement.text) === mark.fingerprint,
  };
}

/**
 * Refuse to run when a statement was left without an outcome and no choice was given.
 *
 * @throws {@link PumError} `PUM_HISTORY_INCONSISTENT` naming the file, the statement's number
 *   and first line.
 */
export function checkInterrupted(
  found: readonly InterruptedStatement[],
  choice: InterruptedStatementChoice | undefined,
): void {
  const first = found[0];
  if (first === undefined || choice !== undefined) return;
  const changedText = first.sameText
    ? ''
    : ' (its text now differs from the text that was sent: were the parameters changed?)';
  throw new PumError(
    PumErrorCode.HistoryInconsistent,
    `${first.file.path}: statement ${first.number} of ${first.total} ("${first.firstLine}") was sent by a run that was interrupted before it could record the outcome: it may or may not have committed${changedText}`,
    {
      hint: `check the database, then upgrade again with --assume-done if it committed (pum continues with statement ${first.number + 1}), or with --retry-statement if it did not (pum runs statement ${first.number} again)`,
      details: {
        path: first.file.path,
        statement: first.number,
        statements: first.total,
        firstLine: first.firstLine,
      },
    },
  );
}
