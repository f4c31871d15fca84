/** What every command receives: the outside world, the global options and the exit code slot. */
import type { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Options given before the command (PUM 1.x style: `pum -p CONN check …`). */
export interface GlobalOptions {
  /** `-p/--pg-connection`: the database, PUM 1.x style. */
  pgConnection?: string;
  /** `-d/--dir`: the module directory, PUM 1.x style. */
  dir?: string;
  /** `-v`: more output (counted). */
  verbose?: number;
  /** `-q/--quiet`: errors only. */
  quiet?: boolean;
}

/** The context of one CLI run. */
export interface CommandContext {
  readonly io: CliIo;
  /** The run's arguments as given (without node and the script), for reports that show them. */
  readonly argv?: readonly string[];
  /** The global options, parsed. */
  globals(): GlobalOptions;
  /** Set the exit code of the run (commands that succeed without differences leave it at 0). */
  setExitCode(code: ExitCode): void;
}
