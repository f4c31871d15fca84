/**
 * Load a PUM 1.x module: `.pum.yaml` and `<changelogs_directory>/<version>/*.sql`. Its run order
 * is what a PUM 1.x upgrade runs: the application drop hooks, the changelogs in version then
 * name order, the application create hooks.
 */
import { statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import type { ParameterType } from '../../sql/parameter-value.js';
import type { DeltaFile, DeltaModule } from '../delta-file.js';
import { ignoreMatcher } from '../ignore-matcher.js';
import { type DeltaFileIdentity, languageOf, readDeltaFile } from '../read-delta-file.js';
import { type ConfigPath, formatConfigPath } from './config-issues.js';
import { type ParsedPum1Config, PUM1_CONFIG_FILE, readPum1Config } from './parse-pum1-config.js';
import type { Pum1Config, Pum1HookConfig, Pum1ParameterValue } from './pum1-config.js';
import { commandHookFile, inlineSqlFile } from './pum1-files.js';
import { type Pum1Changelog, readPum1Changelogs } from './read-changelogs.js';

/** A declared parameter. */
export interface Pum1Parameter {
  name: string;
  type: ParameterType;
  default?: Pum1ParameterValue;
  description?: string;
  /** The allowed values, when restricted. */
  values?: readonly Pum1ParameterValue[];
  /** Whether the value may change after install (`app_only`): it only affects the application. */
  appOnly: boolean;
}

/** A declared role and the schemas it may read or write. */
export interface Pum1Role {
  name: string;
  description?: string;
  /** The role whose permissions this one inherits. */
  inherit?: string;
  permissions: { type: 'read' | 'write'; schemas: string[] }[];
}

/** A demo data set: its SQL files, in the order given. */
export interface Pum1DemoData {
  name: string;
  files: DeltaFile[];
}

/** A PUM 1.x module: its files in run order, and what `.pum.yaml` declares. */
export interface Pum1Module extends DeltaModule {
  layout: 'pum1';
  /** The validated `.pum.yaml`. */
  config: Pum1Config;
  /** Where PUM 1.x records its history: `<pum.migration_table_schema>.pum_migrations`. */
  migrationTable: { schema: string; name: 'pum_migrations' };
  parameters: Pum1Parameter[];
  /** `application.drop`: kind `hook`, no version, named `drop:0`, `drop:1`… */
  dropHooks: DeltaFile[];
  /** `application.create`: kind `hook`, no version, named `create:0`, `create:1`… */
  createHooks: DeltaFile[];
  /** `uninstall`: kind `hook`, no version, named `uninstall:0`… Not part of {@link DeltaModule.files}. */
  uninstallHooks: DeltaFile[];
  /** The version directories in version order, with application-only releases (no files). */
  changelogs: Pum1Changelog[];
  /** Files named `demo:<set>:0`… Not part of {@link DeltaModule.files}. */
  demoData: Pum1DemoData[];
  roles: Pum1Role[];
}

/** Options of {@link loadPum1Module}. */
export interface LoadPum1Options {
  /**
   * Globs (`*`, `?`) of entry names or module paths under the changelogs directory to skip on
   * purpose, e.g. `README.md` or `changelogs/1.2.0/notes.txt`; `*` also matches `/`. Dotfiles
   * are always skipped.
   */
  ignore?: readonly string[];
}

/** Read the file a `.pum.yaml` key names (SQL or code), with errors pointing at that key. */
function configuredFile(
  root: string,
  parsed: ParsedPum1Config,
  keyPath: ConfigPath,
  file: string,
  identity: DeltaFileIdentity,
): DeltaFile {
  const where = parsed.where(keyPath);
  const { line, column } = parsed.locate(keyPath);
  const details = { path: file, line, column };
  if (languageOf(file) === undefined) {
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${where}: expected an .sql, .py, .js, .mjs or .ts file, got ${file}`,
      {
        details,
      },
    );
  }
  const absolutePath = resolve(root, file);
  let isFile: boolean;
  try {
    isFile = statSync(absolutePath).isFile();
  } catch (error) {
    throw new PumError(PumErrorCode.FileNotFound, `${where}: ${file} not found`, {
      cause: error,
      hint: 'paths in .pum.yaml are relative to its directory',
      details,
    });
  }
  if (!isFile) throw new PumError(PumErrorCode.InvalidFile, `${where}: ${file} is not a file`, { details });
  return readDeltaFile(root, absolutePath, identity);
}

function loadHooks(
  root: string,
  parsed: ParsedPum1Config,
  hooks: readonly Pum1HookConfig[],
  keyPath: readonly [string, ...string[]],
  label: string,
): DeltaFile[] {
  return hooks.map((hook, i) => {
    const path = [...keyPath, i];
    const identity: DeltaFileIdentity = { version: undefined, name: `${label}:${i}`, kind: 'hook' };
    if ('code' in hook)
      return inlineSqlFile(root, PUM1_CONFIG_FILE, formatConfigPath(path), hook.code, identity);
    if ('command' in hook) {
      return commandHookFile(root, PUM1_CONFIG_FILE, formatConfigPath(path), hook.command, identity);
    }
    return configuredFile(root, parsed, [...path, 'file'], hook.file, identity);
  });
}

/**
 * Whether `root` holds a PUM 1.x module (a `.pum.yaml` file). Never throws.
 *
 * @example
 * ```ts
 * const module = isPum1Module('datamodel') ? loadPum1Module('datamodel') : loadPum0Module(['delta']);
 * ```
 */
export function isPum1Module(root: string): boolean {
  try {
    return statSync(join(root, PUM1_CONFIG_FILE)).isFile();
  } catch {
    return false;
  }
}

/**
 * Load a PUM 1.x module directory: validate `.pum.yaml`, read the hook and demo data files it
 * names and every changelog. Nothing is skipped silently: an entry of the changelogs directory is
 * recognised, a dotfile, matched by `ignore`, or an error naming it.
 *
 * @throws {@link PumError} `PUM_INVALID_FILE` naming `.pum.yaml:LINE:COLUMN: key.path` for an
 *   invalid configuration, or naming the changelog entry; `PUM_FILE_NOT_FOUND`
 *   for a missing `.pum.yaml`, changelogs directory, hook or demo data file.
 * @example
 * ```ts
 * const module = loadPum1Module('datamodel', { ignore: ['README.md'] });
 * module.files.map((f) => f.path); // ['app/drop_app.sql', 'changelogs/1.0.0/01_schema.sql', …]
 * ```
 */
export function loadPum1Module(root: string, options: LoadPum1Options = {}): Pum1Module {
  const absoluteRoot = resolve(root);
  const parsed = readPum1Config(absoluteRoot);
  const { config } = parsed;
  const [dropKey, createKey] = parsed.legacyHooks
    ? (['pre', 'post'] as const)
    : (['drop', 'create'] as const);
  const hookSection = parsed.legacyHooks ? 'migration_hooks' : 'application';

  const dropHooks = loadHooks(absoluteRoot, parsed, config.application.drop, [hookSection, dropKey], 'drop');
  const changelogs = readPum1Changelogs(absoluteRoot, config.changelogs_directory, {
    ignored: ignoreMatcher(options.ignore ?? []),
    configuredAt: parsed.has(['changelogs_directory']) ? parsed.where(['changelogs_directory']) : undefined,
  });
  const createHooks = loadHooks(
    absoluteRoot,
    parsed,
    config.application.create,
    [hookSection, createKey],
    'create',
  );
  const uninstallHooks = loadHooks(absoluteRoot, parsed, config.uninstall, ['uninstall'], 'uninstall');
  const demoData = config.demo_data.map((set, i): Pum1DemoData => {
    const entries: [string, ConfigPath][] =
      'file' in set
        ? [[set.file, ['demo_data', i, 'file']]]
        : set.files.map((file, j) => [file, ['demo_data', i, 'files', j]]);
    return {
      name: set.name,
      files: entries.map(([file, keyPath], j) =>
        configuredFile(absoluteRoot, parsed, keyPath, file, {
          version: undefined,
          name: `demo:${set.name}:${j}`,
          kind: 'hook',
        }),
      ),
    };
  });

  return {
    layout: 'pum1',
    name: config.pum.module ?? basename(absoluteRoot),
    ...(config.pum.module === undefined ? { nameFromDirectory: true } : {}),
    roots: [absoluteRoot],
    files: [...dropHooks, ...changelogs.flatMap((changelog) => changelog.files), ...createHooks],
    config,
    migrationTable: { schema: config.pum.migration_table_schema, name: 'pum_migrations' },
    parameters: config.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.values !== undefined ? { values: p.values } : {}),
      appOnly: p.app_only,
    })),
    dropHooks,
    createHooks,
    uninstallHooks,
    changelogs,
    demoData,
    roles: config.roles.map((role) => ({
      ...role,
      permissions: role.permissions.map((p) => ({ type: p.type, schemas: [...p.schemas] })),
    })),
  };
}
