/**
 * What the comparison options of `check` and `test-and-upgrade` mean for `@pum/introspect` and
 * `@pum/diff`; mistakes in them are reported before anything connects.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import { type DiffOptions, type IgnoreRule, parseFieldName, parseIgnoreRules, parseKind } from '@pum/diff';
import type { IntrospectOptions } from '@pum/introspect';
import type { CompareOptions } from './commands/compare-options.js';
import type { CliIo } from './io.js';

async function readIgnoreFile(file: string, cwd: string): Promise<IgnoreRule[]> {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PumError(
      PumErrorCode.FileNotFound,
      `cannot read ignore file ${file}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return parseIgnoreRules(text, file);
}

/**
 * The diff options the comparison options ask for.
 *
 * @throws {@link PumError} for an unknown kind or field or an unreadable or malformed ignore file.
 */
export async function diffOptionsOf(options: CompareOptions, cwd: string): Promise<DiffOptions> {
  const diffOptions: DiffOptions = {
    excludeSchemas: options.excludeSchema,
    includeSchemas: options.includeSchema,
    excludeFieldPatterns: options.excludeFieldPattern,
    ignoreKinds: options.ignore ?? [],
    ignoreRules: options.ignoreFile ? await readIgnoreFile(options.ignoreFile, cwd) : [],
    ignoreFields: options.ignoreField ?? [],
    ignoreOwners: options.ignoreOwners === true,
    ignorePrivileges: options.ignorePrivileges === true,
    ignoreComments: options.ignoreComments === true,
    ignoreExtensionVersions: options.ignoreExtensionVersions === true,
  };
  for (const kind of diffOptions.ignoreKinds ?? []) parseKind(kind);
  for (const field of diffOptions.ignoreFields ?? []) {
    try {
      parseFieldName(field);
    } catch (error) {
      const known = error as PumError;
      throw new PumError(PumErrorCode.InvalidArgument, `--ignore-field ${field}: ${known.message}`, {
        cause: error,
        hint: known.hint,
        details: known.details,
      });
    }
  }
  return diffOptions;
}

/** The introspection options the comparison options ask for (schema filters pushed into SQL). */
export function introspectOptionsOf(options: CompareOptions, io: CliIo): IntrospectOptions {
  return {
    includeSchemas: options.includeSchema,
    excludeSchemas: options.excludeSchema,
    includeExtensionMembers: options.includeExtensionMembers === true,
    ...(io.signal ? { signal: io.signal } : {}),
  };
}
