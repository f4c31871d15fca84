import type { TextOutput } from './io.js';

/** What a {@link recordingStream} offers its test: the text written so far, and a terminal width. */
export type RecordingStream = TextOutput & { text: string; columns: number };

/**
 * A stream for unit tests that records what is written; a terminal when `isTTY`, with the
 * cursor methods that progress renderers (ours and cli-progress) call to redraw a line.
 */
export function recordingStream(isTTY: boolean): RecordingStream {
  const out = {
    text: '',
    isTTY,
    columns: 100,
    write(chunk: string) {
      out.text += chunk;
      return true;
    },
    cursorTo() {
      return true;
    },
    clearLine() {
      return true;
    },
    moveCursor() {
      return true;
    },
    on() {
      return out;
    },
    removeListener() {
      return out;
    },
  };
  return out;
}
