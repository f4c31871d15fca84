/**
 * One status line redrawn in place on a terminal, at most ten times a second: the line of a long
 * run (see `run-progress.ts`). Other output is written after {@link LiveLine.clear}, so the two
 * never mix.
 */
import type { TextOutput } from './io.js';

/** Redraws per second, at most. */
const REDRAW_MS = 100;
/** Clear the terminal line and go back to its start. */
const CLEAR = '\r\x1b[2K';

/** A status line kept at the bottom of a terminal. */
export interface LiveLine {
  /** Draw the line now rather than at the next redraw, if it was never drawn (the start of a run). */
  draw(): void;
  /** Clear the line before other output; it is drawn again at the next redraw. */
  clear(): void;
  /** Clear the line for good and stop redrawing. Idempotent. */
  stop(): void;
}

/**
 * A {@link LiveLine} on `terminal` (a TTY stream). `text()` is asked at each redraw, so a running
 * time shown in it moves on its own; `undefined` shows nothing. Cut to the terminal's width.
 */
export function liveLine(terminal: TextOutput, text: () => string | undefined): LiveLine {
  let shown = '';
  let stopped = false;
  // A terminal of unknown size (0 columns: a pseudo-terminal nobody sized) counts as 80 wide.
  const width = () => Math.max(20, ((terminal as { columns?: number }).columns || 80) - 1);
  const clear = () => {
    if (shown !== '') terminal.write(CLEAR);
    shown = '';
  };
  const draw = () => {
    const full = stopped ? undefined : text();
    if (full === undefined) return;
    const line = full.length > width() ? `${full.slice(0, width() - 1)}…` : full;
    if (line === shown) return;
    terminal.write(`${CLEAR}${line}`);
    shown = line;
  };
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref?.();
  let drawn = false;
  return {
    draw() {
      if (drawn) return;
      draw();
      drawn = shown !== '';
    },
    clear,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      clear();
    },
  };
}
