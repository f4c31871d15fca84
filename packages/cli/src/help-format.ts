/**
 * How `pum` help reads: options that collect repeated values show no `(default: [])`, and a
 * command whose own help does not end with its exit codes gets them from {@link EXIT_CODE_LINES}.
 */
import { type Command, Help, type Option } from 'commander';

/**
 * The exit-code line of each command whose definition does not end with one, by its path
 * (`snapshot`, `local up`). Every other command ends its own help with `Exit code …`.
 */
export const EXIT_CODE_LINES: Readonly<Record<string, string>> = {
  snapshot: 'Exit code 0: written; 2: usage error, bad input or connection problem (no file written).',
  baseline:
    'Exit code 0: recorded; 2: usage error, bad input or connection problem (nothing recorded); 4: history inconsistent; 6: another run holds the lock.',
  repair:
    'Exit code 0: edits accepted (or none to accept); 2: usage error, bad input or connection problem (nothing recorded); 6: another run holds the lock.',
  local:
    'Exit code 0: done; 2: usage error, bad input or no server could be started; 5: a delta of the module failed; 130: interrupted.',
  'local up':
    'Exit code 0: running (a server already running is left as it is); 2: usage error, bad input or no server could be started; 5: a delta of the module failed; 130: interrupted.',
  'local down': 'Exit code 0: stopped (or was not running); 2: no such local server.',
  'local reset':
    'Exit code 0: rebuilt; 2: usage error, bad input or the server could not be started; 5: a delta of the module failed; 130: interrupted.',
  'local status': 'Exit code 0: listed; 2: no such local server.',
  'local rm': 'Exit code 0: deleted; 2: no such local server, or not confirmed (nothing deleted).',
};

/** The path of `command` below the program (`local up`), whether or not it was added to it yet. */
function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c && c.name() !== 'pum'; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** An option's help text, without the `(default: [])` of an option that collects repeated values. */
function optionDescription(this: Help, option: Option): string {
  const empty = Array.isArray(option.defaultValue) && option.defaultValue.length === 0;
  if (!empty) return Help.prototype.optionDescription.call(this, option);
  const shown = Object.assign(Object.create(Object.getPrototypeOf(option)), option, {
    defaultValue: undefined,
  });
  return Help.prototype.optionDescription.call(this, shown);
}

/** Apply pum's help format to `command` (not its subcommands), and its exit-code line if it has one here. */
export function formatHelp(command: Command): void {
  command.configureHelp({ optionDescription });
  const line = EXIT_CODE_LINES[pathOf(command)];
  if (line) command.addHelpText('after', `\n${line}`);
}
