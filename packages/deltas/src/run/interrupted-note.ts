/**
 * How the history marks a run that was cancelled (Ctrl-C) rather than failed: the failure row of
 * a file that rolled back carries this note, and the plan shows that file as interrupted, to run
 * again, not as a failure that leaves the history inconsistent.
 */

/** The `note` of the failure row of a file whose run was cancelled and rolled back. */
export const INTERRUPTED_NOTE = 'interrupted and rolled back';
