/**
 * Telling a listener that what runs is taking long: one timer per file, or per statement of a
 * file run statement by statement, armed only when someone listens to the run's progress.
 */
import type { DeltaFile } from '../module/delta-file.js';
import type { Statement } from '../sql/split.js';

/** Default of `ApplyOptions.slowAfterMs`. */
export const DEFAULT_SLOW_AFTER_MS = 5_000;

/** Longest {@link RunningStatement.excerpt}. */
const EXCERPT_LENGTH = 72;

/** A statement of a file being run, named for a progress display. */
export interface RunningStatement {
  /** 1-based position in the file. */
  number: number;
  /** Statements of the file. */
  total: number;
  /** 1-based line of the file where the statement starts. */
  line: number;
  /** The first line of the statement, spaces collapsed, cut to about 70 characters. */
  excerpt: string;
}

/** `statement`, number `index + 1` of `total`, as a {@link RunningStatement}. */
export function runningStatement(statement: Statement, index: number, total: number): RunningStatement {
  const first = statement.text.split('\n', 1)[0]?.replace(/\s+/g, ' ').trim() ?? '';
  const excerpt = first.length > EXCERPT_LENGTH ? `${first.slice(0, EXCERPT_LENGTH - 1)}…` : first;
  return { number: index + 1, total, line: statement.line, excerpt };
}

/** What a {@link SlowWatch} reports once the unit it watches has run `afterMs`. */
export interface StillRunning {
  file: DeltaFile;
  /** How long it has been running. */
  ms: number;
  /** The statement running, when known: the file is run statement by statement, or has only one. */
  statement: RunningStatement | undefined;
}

/** One timer at a time: arming it again replaces the previous one, which then never fires. */
export class SlowWatch {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly afterMs: number,
    private readonly report: (event: StillRunning) => void,
  ) {}

  /** Start timing `file` (and `statement` of it, when known). */
  arm(file: DeltaFile, statement: RunningStatement | undefined): void {
    this.disarm();
    if (!Number.isFinite(this.afterMs)) return;
    const started = Date.now();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.report({ file, ms: Date.now() - started, statement });
    }, this.afterMs);
    // A slow statement keeps the process alive anyway; the timer alone must not.
    this.timer.unref?.();
  }

  /** Stop timing: what ran has finished or failed. */
  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
