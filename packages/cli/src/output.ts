/** Writing a command's result to `--output FILE` or to stdout. */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import type { CliIo } from './io.js';

/** Write `text` to the file `output` (relative to the working directory), or to stdout. */
export async function writeOutput(text: string, output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined || output === '-') {
    io.stdout.write(text);
    return;
  }
  const path = isAbsolute(output) ? output : resolve(io.cwd, output);
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new PumError(PumErrorCode.InvalidArgument, `cannot write ${output}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check that the directory exists and is writable',
    });
  }
}
