/**
 * @packageDocumentation
 * The `pum` command line, also usable from code: `run(argv, io)` returns the exit code.
 */

export { exitCodeOf, reportError } from './error-boundary.js';
export { ExitCode } from './exit-codes.js';
export { type CliIo, quietWhenClosed, type TextOutput } from './io.js';
export { run } from './run.js';
export { cliVersion } from './version.js';
