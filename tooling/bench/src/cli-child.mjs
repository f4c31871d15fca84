#!/usr/bin/env node
// @ts-check
/**
 * `pum` in a process of its own for machines without GNU time: runs the CLI's `run()` (what
 * `packages/cli/bin/pum.js` runs) with the given arguments, then prints one JSON line with its
 * exit code, `process.resourceUsage().maxRSS` (KiB) and CPU time. Send the report to a file
 * (`--output`) so that this line is the last of stdout.
 *
 *   node cli-child.mjs check <from> <to> --json --output <file> …
 */

import { run } from '@pum/cli';

const exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(`\n${JSON.stringify({ exitCode, maxRssKb: usage.maxRSS, cpuMs })}\n`);
process.exitCode = exitCode;
