/** `--strict` of `install` and `upgrade`: every warning of the run is an error, for CI. */
import type { Command } from 'commander';

/** The `--strict` option, as commander parses it. */
export interface StrictOption {
  strict?: boolean;
}

/** Add `--strict` to `command`. */
export function addStrictOption(command: Command): Command {
  return command.option(
    '--strict',
    'make every warning an error, for CI (a .pum.yaml grant on a schema that does not exist, a file added to a PUM 1.x version already applied, files of a delta directory that cannot be deltas): the run stops before its transaction commits, exit 2, nothing changed (8 when a command or Python hook had committed before)',
  );
}
