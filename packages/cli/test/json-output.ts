/** Reading a command's `--json` output in tests: parsed and validated against its published schema. */
import { JSON_SCHEMAS } from '../src/json-schemas.js';

/** Parse `stdout` as the JSON output of `command`; throws when it does not match the schema. */
export function jsonOutput<C extends keyof typeof JSON_SCHEMAS>(
  command: C,
  stdout: string,
): ReturnType<(typeof JSON_SCHEMAS)[C]['parse']> {
  return JSON_SCHEMAS[command].parse(JSON.parse(stdout)) as ReturnType<(typeof JSON_SCHEMAS)[C]['parse']>;
}
