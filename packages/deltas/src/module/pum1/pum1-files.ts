/**
 * Hooks written inside `.pum.yaml` rather than in files of their own — inline SQL (`code:`) and
 * external programs (`command:`) — as delta files whose path names where they are written:
 * `.pum.yaml#application.create[0]`.
 */
import { join } from 'node:path';
import type { DeltaFile, HookCommand } from '../delta-file.js';
import { checksumOf, normaliseText, pum0ChecksumOf } from '../normalise.js';
import type { DeltaFileIdentity } from '../read-delta-file.js';

function inlineFile(
  root: string,
  configFile: string,
  key: string,
  text: string,
  identity: DeltaFileIdentity,
): Omit<DeltaFile, 'language'> {
  const normalised = normaliseText(text);
  return {
    ...identity,
    path: `${configFile}#${key}`,
    absolutePath: `${join(root, configFile)}#${key}`,
    text: normalised,
    checksum: checksumOf(normalised),
    pum0Checksum: pum0ChecksumOf(Buffer.from(text, 'utf8')),
  };
}

/** Inline SQL of a hook (`code:`). */
export function inlineSqlFile(
  root: string,
  configFile: string,
  key: string,
  code: string,
  identity: DeltaFileIdentity,
): DeltaFile {
  return { ...inlineFile(root, configFile, key, code, identity), language: 'sql' };
}

/**
 * A `command:` hook: one shell line, or an argument list. Its text (what the checksum covers) is
 * the command as written: the line, or the arguments as a JSON array.
 */
export function commandHookFile(
  root: string,
  configFile: string,
  key: string,
  command: string | readonly [string, ...string[]],
  identity: DeltaFileIdentity,
): DeltaFile {
  const spec: HookCommand =
    typeof command === 'string' ? { shell: command } : { argv: [...command] as [string, ...string[]] };
  const text = typeof command === 'string' ? command : JSON.stringify(command);
  return { ...inlineFile(root, configFile, key, text, identity), language: 'command', command: spec };
}
