/**
 * Read `<changelogs_directory>/<version>/*.sql` (and code changelogs, `*.js`, `*.mjs`, `*.ts`).
 * Every entry is a version directory, a file pum runs, the `APP_ONLY_RELEASE` marker, a dotfile, skipped by an `ignore` glob, or an error
 * naming it: PUM skipped anything else silently.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, isVersion, PumError, PumErrorCode, parseVersion, type Version } from '@pum/core';
import type { DeltaFile } from '../delta-file.js';
import {
  languageOf,
  modulePath,
  PYTHON_HINT,
  readDeltaFile,
  stripRunnableExtension,
} from '../read-delta-file.js';

/** The marker file of a version that changes only the application (PUM 1.x). */
export const APP_ONLY_RELEASE = 'APP_ONLY_RELEASE';

/** One version directory of the changelogs. */
export interface Pum1Changelog {
  version: Version;
  /** The directory, relative to the module root: `changelogs/1.2.0`. */
  directory: string;
  /** Its SQL and code files, in name order; empty for an application-only release. */
  files: DeltaFile[];
  /** Whether it holds the `APP_ONLY_RELEASE` marker instead of files. */
  appOnly: boolean;
}

/** Options of {@link readPum1Changelogs}. */
export interface ReadPum1ChangelogsOptions {
  /** Whether an entry is skipped on purpose (file name, module path). */
  ignored?: (name: string, path: string) => boolean;
  /** Where the directory is configured (`.pum.yaml:3:23: changelogs_directory`), for messages. */
  configuredAt?: string | undefined;
}

function invalid(path: string, message: string, hint?: string): PumError {
  return new PumError(PumErrorCode.InvalidFile, `${path}: ${message}`, { hint, details: { path } });
}

function entries(dir: string): string[] {
  // Code-unit order, the same on every platform and locale.
  return readdirSync(dir).sort();
}

function readVersionDirectory(
  root: string,
  absoluteDir: string,
  version: Version,
  ignored: (name: string, path: string) => boolean,
): Pum1Changelog {
  const directory = modulePath(root, absoluteDir);
  const files: DeltaFile[] = [];
  let marker = false;
  for (const entry of entries(absoluteDir)) {
    const absolutePath = join(absoluteDir, entry);
    const path = modulePath(root, absolutePath);
    if (entry.startsWith('.') || ignored(entry, path)) continue;
    if (statSync(absolutePath).isDirectory()) {
      throw invalid(
        path,
        'a directory inside a changelog version directory',
        'move it out, or skip it on purpose with ignore',
      );
    }
    if (entry === APP_ONLY_RELEASE) {
      marker = true;
    } else if (entry.endsWith('.py')) {
      // PUM 1.x changelogs are SQL; its Python runs in application hooks.
      throw invalid(path, 'Python changelogs are not run by pum', PYTHON_HINT);
    } else if (languageOf(entry)) {
      const name = stripRunnableExtension(entry);
      const twin = files.find((f) => f.name === name);
      if (twin) throw invalid(path, `has the same name as ${twin.path}`, 'keep one file per changelog name');
      files.push(readDeltaFile(root, absolutePath, { version, name, kind: 'delta' }));
    } else {
      throw invalid(
        path,
        'unrecognised file in a changelog version directory (expected .sql, .js, .mjs or .ts files, or APP_ONLY_RELEASE)',
        'rename it, or skip it on purpose with ignore; pum never skips a file silently',
      );
    }
  }
  if (marker && files.length > 0) {
    throw invalid(
      directory,
      `holds both ${APP_ONLY_RELEASE} and changelog files`,
      `${APP_ONLY_RELEASE} marks a version without changelogs: remove it, or move the files to another version`,
    );
  }
  if (!marker && files.length === 0) {
    throw invalid(
      directory,
      'an empty version directory',
      `add its changelog files, or an empty ${APP_ONLY_RELEASE} file for a release that changes only the application`,
    );
  }
  return { version, directory, files, appOnly: marker };
}

/**
 * Read the changelogs of a module, in version order (`1.9.0` < `1.10.0` < `2025.0.1`).
 *
 * @param root The module root: paths are recorded relative to it.
 * @param directory The changelogs directory, relative to `root` (`changelogs_directory`).
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` when the directory is missing; `PUM_INVALID_FILE`
 *   naming an entry that is not a version directory, an SQL file or the marker, a `.py` file, two
 *   directories of one version (`1.0` and `1.0.0`), or an empty version directory.
 */
export function readPum1Changelogs(
  root: string,
  directory: string,
  options: ReadPum1ChangelogsOptions = {},
): Pum1Changelog[] {
  const ignored = options.ignored ?? (() => false);
  const absoluteDir = join(root, directory);
  const shown = `${modulePath(root, absoluteDir)}/`;
  const configured = options.configuredAt ? `${options.configuredAt}: ` : '';
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absoluteDir).isDirectory();
  } catch (error) {
    throw new PumError(PumErrorCode.FileNotFound, `${configured}changelogs directory ${shown} not found`, {
      cause: error,
      hint: options.configuredAt
        ? 'check changelogs_directory in .pum.yaml'
        : 'create it, or set changelogs_directory in .pum.yaml (default: changelogs)',
      details: { path: shown },
    });
  }
  if (!isDirectory) throw invalid(`${configured}${shown}`, 'the changelogs directory is not a directory');

  const changelogs: Pum1Changelog[] = [];
  for (const entry of entries(absoluteDir)) {
    const absolutePath = join(absoluteDir, entry);
    const path = modulePath(root, absolutePath);
    if (entry.startsWith('.') || ignored(entry, path)) continue;
    if (!statSync(absolutePath).isDirectory()) {
      throw entry.endsWith('.py')
        ? invalid(path, 'Python changelogs are not run by pum', PYTHON_HINT)
        : invalid(
            path,
            'a file directly in the changelogs directory (only version directories such as 1.2.0 belong here)',
            'move it into a version directory, or skip it on purpose with ignore',
          );
    }
    if (!isVersion(entry)) {
      throw invalid(
        path,
        'not a version directory (a version is numbers separated by dots, such as 1.2.0 or 2025.0.1)',
        'rename it, or skip it on purpose with ignore',
      );
    }
    const version = parseVersion(entry);
    const same = changelogs.find((c) => compareVersions(c.version, version) === 0);
    if (same) {
      throw invalid(path, `the same version as ${same.directory}`, 'keep one directory per version');
    }
    changelogs.push(readVersionDirectory(root, absolutePath, version, ignored));
  }
  return changelogs.sort((a, b) => compareVersions(a.version, b.version));
}
