/**
 * Stopping a program pum started (a Python hook, a `command:` hook) as Ctrl-C in a terminal
 * would: SIGINT to its whole process group, so a client such as psql or psycopg sends the server
 * a cancel and the query ends with it — a killed client leaves its query running and its locks
 * held. Killed if still there after a grace period.
 */
import type { ChildProcess } from 'node:child_process';

/** After SIGINT, how long a program has to cancel its query and roll back before it is killed. */
export const INTERRUPT_GRACE_MS = 10_000;

/**
 * Whether programs are started in a process group of their own (not on Windows), so that
 * {@link interruptOnAbort} reaches the programs they start too. Pass it as `spawn`'s `detached`.
 */
export const OWN_PROCESS_GROUP = process.platform !== 'win32';

/**
 * On abort, send SIGINT to `child`'s process group (started with `detached:`
 * {@link OWN_PROCESS_GROUP}), then SIGKILL after {@link INTERRUPT_GRACE_MS}. Returns a function
 * that stops watching; call it when the child has exited.
 */
export function interruptOnAbort(child: ChildProcess, signal: AbortSignal): () => void {
  let timer: NodeJS.Timeout | undefined;
  const send = (name: NodeJS.Signals) => {
    try {
      if (OWN_PROCESS_GROUP && child.pid !== undefined) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone.
    }
  };
  const onAbort = () => {
    send('SIGINT');
    timer = setTimeout(() => send('SIGKILL'), INTERRUPT_GRACE_MS);
    timer.unref();
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
    if (timer) clearTimeout(timer);
  };
}
