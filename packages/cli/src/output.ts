/** Writing a command's result to `--output FILE` or to stdout. */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { PumError, PumErrorCode, replaceFile } from '@pum/core';
import { type Snapshot, saveSnapshot } from '@pum/introspect';
import type { CliIo } from './io.js';

function outputError(output: string, error: unknown): PumError {
  return new PumError(PumErrorCode.InvalidArgument, `cannot write ${output}: ${(error as Error).message}`, {
    cause: error,
    hint: 'check that the directory exists and is writable',
  });
}

const resolvePath = (output: string, io: CliIo) => (isAbsolute(output) ? output : resolve(io.cwd, output));

/** Save a snapshot to `output` (relative to the working directory), streamed. */
export async function saveSnapshotFile(snapshot: Snapshot, output: string, io: CliIo): Promise<void> {
  try {
    await saveSnapshot(snapshot, resolvePath(output, io));
  } catch (error) {
    throw outputError(output, error);
  }
}

/**
 * Write `text` to the file `output` (relative to the working directory), or to stdout. The file
 * is written beside `output` and renamed over it when complete, so an earlier report is never
 * left half-overwritten.
 */
export async function writeOutput(text: string, output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined || output === '-') {
    io.stdout.write(text);
    return;
  }
  try {
    await replaceFile(resolvePath(output, io), (temporary) => writeFile(temporary, text, 'utf8'));
  } catch (error) {
    throw outputError(output, error);
  }
}
