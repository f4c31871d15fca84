/** The warnings of an install or upgrade: counted in its summary line, then listed once on stderr. */
import type { RunWarning } from '@pum/deltas';
import { type CliIo, colorsFor } from './io.js';

/** ` (2 warnings)` for a summary line; empty when there are none. */
export function warningsSuffix(warnings: readonly RunWarning[]): string {
  if (warnings.length === 0) return '';
  return ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'}, listed on stderr)`;
}

/**
 * Write each warning as one line on stderr: `warning .pum.yaml#grants: schema "x" does not exist…`.
 * Written also with `--quiet` (which keeps warnings and errors), not with `--json` (they are in it).
 */
export function writeRunWarnings(io: CliIo, warnings: readonly RunWarning[]): void {
  const c = colorsFor(io.stderr, io.env);
  for (const warning of warnings)
    io.stderr.write(`${c.yellow('warning')} ${warning.path ? `${warning.path}: ` : ''}${warning.message}\n`);
}
