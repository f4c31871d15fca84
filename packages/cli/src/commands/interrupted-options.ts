/**
 * `--assume-done` and `--retry-statement`: the answer a user gives when an earlier run was killed
 * while a statement of a `-- pum:no-transaction` file ran, so that nobody knows whether the
 * server committed it (pum then refuses to go on, exit 4, naming the statement).
 */
import type { InterruptedStatementChoice } from '@pum/deltas';
import { type Command, Option } from 'commander';

/** The options as commander parses them. */
export interface InterruptedOptions {
  assumeDone?: boolean;
  retryStatement?: boolean;
}

/** Add `--assume-done` and `--retry-statement` (one or the other) to `command`. */
export function addInterruptedOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--assume-done',
        'a killed run left a statement of a pum:no-transaction file without outcome, and it did commit: continue after it',
      ).conflicts('retryStatement'),
    )
    .addOption(
      new Option(
        '--retry-statement',
        'a killed run left a statement of a pum:no-transaction file without outcome, and it did not commit: run it again',
      ).conflicts('assumeDone'),
    );
}

/** The choice to pass as `ApplyOptions.interruptedStatement`, when one was given. */
export function interruptedChoice(
  options: InterruptedOptions,
): { interruptedStatement: InterruptedStatementChoice } | Record<string, never> {
  if (options.assumeDone) return { interruptedStatement: 'assume-done' };
  if (options.retryStatement) return { interruptedStatement: 'retry' };
  return {};
}
