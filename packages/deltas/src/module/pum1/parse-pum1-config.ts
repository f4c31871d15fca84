/**
 * Read and validate `.pum.yaml`. Every problem names the key path and the line:column it comes
 * from; the first one (in file order) is thrown, all of them are in the error's details.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PumError, PumErrorCode } from '@pum/core';
import type { Document } from 'yaml';
import { normaliseText } from '../normalise.js';
import { checkPum1Config } from './check-config.js';
import {
  type ConfigIssue,
  type ConfigPath,
  type ConfigPosition,
  formatConfigPath,
  fromZodIssues,
  locateInDocument,
  valueAt,
} from './config-issues.js';
import { yamlModule } from './lazy-modules.js';
import type { Pum1Config, Pum1HookConfig, Pum1ParameterValue } from './pum1-config.js';
import { type Pum1RawConfig, pum1ConfigSchema } from './pum1-config-schema.js';

/** The name of the configuration file of a PUM 1.x module. */
export const PUM1_CONFIG_FILE = '.pum.yaml';

/** A validated `.pum.yaml` and a way to point at its keys in later messages. */
export interface ParsedPum1Config {
  config: Pum1Config;
  /**
   * Whether the hooks were written under the older `migration_hooks: { pre, post }`: their key
   * paths are then `migration_hooks.pre[i]` / `migration_hooks.post[i]`.
   */
  legacyHooks: boolean;
  /** Where a key path is in the file (its value, or its key with `at: 'key'`). */
  locate(path: ConfigPath, at?: 'key' | 'value'): ConfigPosition;
  /** `.pum.yaml:7:5: parameters[1].type` — the prefix of a message about `path`. */
  where(path: ConfigPath, at?: 'key' | 'value'): string;
  /** Whether the file sets `path` (rather than leaving it to its default). */
  has(path: ConfigPath): boolean;
}

/** Options of {@link parsePum1Config}. */
export interface ParsePum1ConfigOptions {
  /** The file name messages start with. Default: `.pum.yaml`. */
  file?: string;
}

function hooksOf(list: Pum1RawConfig['uninstall']): Pum1HookConfig[] {
  return (list ?? []).map((hook) =>
    hook.file != null
      ? { file: hook.file }
      : hook.command != null
        ? { command: hook.command as string | [string, ...string[]] }
        : { code: hook.code as string },
  );
}

function toConfig(raw: Pum1RawConfig): Pum1Config {
  const legacy = raw.migration_hooks;
  return {
    pum: {
      ...(raw.pum?.module != null ? { module: raw.pum.module } : {}),
      migration_table_schema: raw.pum?.migration_table_schema ?? 'public',
      ...(raw.pum?.minimum_version != null ? { minimum_version: raw.pum.minimum_version } : {}),
    },
    changelogs_directory: raw.changelogs_directory ?? 'changelogs',
    parameters: (raw.parameters ?? []).map((p) => ({
      name: p.name,
      type: p.type ?? 'text',
      ...(p.default != null ? { default: p.default as Pum1ParameterValue } : {}),
      ...(p.description != null ? { description: p.description } : {}),
      ...(p.values != null ? { values: p.values as Pum1ParameterValue[] } : {}),
      app_only: p.app_only ?? false,
    })),
    application: {
      drop: hooksOf(raw.application?.drop ?? legacy?.pre),
      create: hooksOf(raw.application?.create ?? legacy?.post),
    },
    roles: (raw.roles ?? []).map((role) => ({
      name: role.name,
      ...(role.description != null ? { description: role.description } : {}),
      ...(role.inherit != null ? { inherit: role.inherit } : {}),
      permissions: (role.permissions ?? []).map((p) => ({ type: p.type, schemas: p.schemas ?? [] })),
    })),
    demo_data: (raw.demo_data ?? []).map((set) =>
      set.file != null ? { name: set.name, file: set.file } : { name: set.name, files: set.files ?? [] },
    ),
    dependencies: (raw.dependencies ?? []).map((d) => ({
      name: d.name,
      ...(d.minimum_version != null ? { minimum_version: d.minimum_version } : {}),
      ...(d.maximum_version != null ? { maximum_version: d.maximum_version } : {}),
    })),
    uninstall: hooksOf(raw.uninstall),
  };
}

/**
 * How many alias expansions a `.pum.yaml` may make. A real configuration needs a handful; an
 * alias bomb ("billion laughs") needs millions, and would exhaust memory before any check ran.
 */
const MAX_YAML_ALIAS_COUNT = 100;

/** The plain data of `doc`, refusing excessive alias expansion with a message naming `file`. */
function configData(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    // yaml throws a ReferenceError for an alias bomb (and for an alias to an unknown anchor).
    throw new PumError(PumErrorCode.InvalidFile, `${file}: invalid YAML: ${error.message}`, {
      cause: error,
      hint: `aliases (*name) may expand at most ${MAX_YAML_ALIAS_COUNT} times in total: write the values out`,
      details: { path: file },
    });
  }
}

/**
 * Parse and validate the text of a `.pum.yaml`.
 *
 * @throws {@link PumError} `PUM_INVALID_FILE`, `.pum.yaml:LINE:COLUMN: key.path: problem`, for
 *   invalid YAML, an unknown key, a wrong type, a missing required value or a broken rule.
 * @example
 * ```ts
 * const { config } = parsePum1Config('pum:\n  module: tww\n');
 * config.pum.migration_table_schema; // 'public'
 * ```
 */
export function parsePum1Config(text: string, options: ParsePum1ConfigOptions = {}): ParsedPum1Config {
  const file = options.file ?? PUM1_CONFIG_FILE;
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(normaliseText(text), { lineCounter, prettyErrors: false });
  const locate = (path: ConfigPath, at: 'key' | 'value' = 'value') =>
    locateInDocument(doc, lineCounter, path, at);
  const where = (path: ConfigPath, at: 'key' | 'value' = 'value') => {
    const { line, column } = locate(path, at);
    const key = formatConfigPath(path);
    return `${file}:${line}:${column}${key ? `: ${key}` : ''}`;
  };

  const syntax = doc.errors[0];
  if (syntax) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new PumError(PumErrorCode.InvalidFile, `${file}:${line}:${col}: invalid YAML: ${syntax.message}`, {
      cause: syntax,
      details: { path: file, line, column: col },
    });
  }

  const data = configData(doc, file);
  const parsed = pum1ConfigSchema().safeParse(data);
  const issues: ConfigIssue[] = parsed.success
    ? checkPum1Config(parsed.data)
    : fromZodIssues(parsed.error.issues, data);
  if (issues.length > 0) {
    const located = issues
      .map((issue) => ({ issue, position: locate(issue.path, issue.at) }))
      .sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
    const [first] = located as [(typeof located)[number], ...typeof located];
    const more = located.length > 1 ? ` (and ${located.length - 1} more)` : '';
    throw new PumError(
      PumErrorCode.InvalidFile,
      `${where(first.issue.path, first.issue.at)}: ${first.issue.message}${more}`,
      {
        hint: first.issue.hint,
        details: {
          path: file,
          line: first.position.line,
          column: first.position.column,
          issues: located.map(({ issue, position }) => ({
            key: formatConfigPath(issue.path),
            line: position.line,
            column: position.column,
            message: issue.message,
          })),
        },
      },
    );
  }
  const raw = (parsed as { data: Pum1RawConfig }).data;
  const has = (path: ConfigPath) => valueAt(data, path) != null;
  return { config: toConfig(raw), legacyHooks: raw.migration_hooks != null, locate, where, has };
}

/**
 * Read and validate `<root>/.pum.yaml`.
 *
 * @throws {@link PumError} `PUM_FILE_NOT_FOUND` when it cannot be read; `PUM_INVALID_FILE` as
 *   {@link parsePum1Config}.
 */
export function readPum1Config(root: string): ParsedPum1Config {
  const path = join(root, PUM1_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PumError(PumErrorCode.FileNotFound, `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'pass the directory that holds .pum.yaml and the changelogs directory',
      details: { path },
    });
  }
  return parsePum1Config(text);
}
