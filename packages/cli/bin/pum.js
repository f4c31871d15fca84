#!/usr/bin/env node
import { quietWhenClosed, run } from '../dist/index.js';

// node-postgres tells Cloudflare Workers from Node by `navigator.userAgent`; where Node has no
// `navigator` (Node 20) it constructs a `Response` instead, which loads Node's whole fetch
// implementation: ≈35 ms for every command that connects. Node 21 and later define this global
// themselves, with this value. (Commands load `pg` lazily, after this line.)
globalThis.navigator ??= { userAgent: `Node.js/${process.versions.node.split('.')[0]}` };

// The first Ctrl-C (or SIGTERM) asks the running command to stop cleanly: the current file
// rolls back, temporary databases are dropped. A second one ends the process at once.
const interrupt = new AbortController();
const stop = (signal) => {
  if (interrupt.signal.aborted) process.exit(130);
  // Aborted first: a live progress line clears itself before the message.
  interrupt.abort(new Error(`interrupted by ${signal}`));
  process.stderr.write(`\n${signal}: stopping cleanly (again to quit at once)…\n`);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// A reader that goes away (`pum snapshot db | head`) ends the output quietly, as in Unix tools;
// the command still finishes and exits with its own code (see quietWhenClosed).
process.exitCode = await run(process.argv.slice(2), {
  stdout: quietWhenClosed(process.stdout),
  stderr: quietWhenClosed(process.stderr),
  // Lazy: touching process.stdin opens it, which only questions need.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
