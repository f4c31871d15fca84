/**
 * The rules of `.pum.yaml` that span several values, checked once its structure is valid:
 * defaults and allowed values of the declared type, a default among the allowed values, hooks
 * with exactly one of `file` / `code` / `command`, unique names, inherited roles that exist, paths that stay
 * inside the module.
 */
import { isAbsolute, posix, win32 } from 'node:path';
import type { ParameterType } from '../../sql/parameter-value.js';
import { type ConfigIssue, type ConfigPath, describeValue } from './config-issues.js';
import type { Pum1RawConfig } from './pum1-config-schema.js';

const TYPE_WORDS: Record<ParameterType, string> = {
  boolean: 'true or false',
  integer: 'an integer',
  decimal: 'a number',
  text: 'a string',
  path: 'a string',
};

/** Whether a YAML value fits a parameter type. Strings never pass for numbers or booleans. */
export function fitsParameterType(type: ParameterType, value: unknown): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === 'string';
  }
}

/** Whether `path` (from `.pum.yaml`) is relative and stays inside the module directory. */
export function isInsideModule(path: string): boolean {
  if (isAbsolute(path) || posix.isAbsolute(path) || win32.isAbsolute(path)) return false;
  const normal = posix.normalize(path.replaceAll('\\', '/'));
  return normal !== '..' && !normal.startsWith('../');
}

function checkPath(issues: ConfigIssue[], path: ConfigPath, value: string): void {
  if (!isInsideModule(value)) {
    issues.push({
      path,
      message: `${JSON.stringify(value)} is not inside the module directory`,
      hint: 'write the path relative to the directory of .pum.yaml, without leaving it',
    });
  }
}

function checkHooks(
  issues: ConfigIssue[],
  path: ConfigPath,
  hooks: NonNullable<Pum1RawConfig['uninstall']>,
): void {
  hooks.forEach((hook, i) => {
    const set = [hook.file, hook.code, hook.command].filter((value) => value != null).length;
    if (set !== 1) {
      issues.push({
        path: [...path, i],
        message:
          set > 1
            ? 'a hook has one of file, code or command, not several'
            : 'a hook needs file, code or command',
        hint: 'write `- file: path/to/hook.sql`, `- code: SQL` or `- command: [program, arguments…]`',
      });
    }
    if (hook.file != null) checkPath(issues, [...path, i, 'file'], hook.file);
  });
}

function checkUnique(
  issues: ConfigIssue[],
  items: readonly { name: string }[],
  path: string,
  what: string,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, i);
    else {
      issues.push({
        path: [path, i, 'name'],
        message: `duplicate ${what} ${JSON.stringify(item.name)} (also ${path}[${first}])`,
      });
    }
  });
}

function defaultHint(type: ParameterType, value: unknown): { hint?: string } {
  if (type === 'text' || type === 'path') {
    const scalar = typeof value === 'number' || typeof value === 'boolean';
    return scalar ? { hint: 'quote it, so that YAML reads it as a string' } : {};
  }
  return typeof value === 'string'
    ? { hint: `write it without quotes, as a YAML ${type === 'boolean' ? 'boolean' : 'number'}` }
    : {};
}

function checkParameters(issues: ConfigIssue[], parameters: NonNullable<Pum1RawConfig['parameters']>): void {
  checkUnique(issues, parameters, 'parameters', 'parameter');
  parameters.forEach((parameter, i) => {
    const type = parameter.type ?? 'text';
    const values = parameter.values ?? undefined;
    values?.forEach((value, j) => {
      if (!fitsParameterType(type, value)) {
        issues.push({
          path: ['parameters', i, 'values', j],
          message: `expected ${TYPE_WORDS[type]} (type ${type}), got ${describeValue(value)}`,
        });
      }
    });
    const value = parameter.default;
    if (value === undefined || value === null) return;
    if (!fitsParameterType(type, value)) {
      issues.push({
        path: ['parameters', i, 'default'],
        message: `expected ${TYPE_WORDS[type]} (type ${type}), got ${describeValue(value)}`,
        ...defaultHint(type, value),
      });
    } else if (values && !values.includes(value)) {
      issues.push({
        path: ['parameters', i, 'default'],
        message: `${describeValue(value)} is not one of the allowed values: ${values.map(describeValue).join(', ')}`,
      });
    }
  });
}

function checkRoles(issues: ConfigIssue[], roles: NonNullable<Pum1RawConfig['roles']>): void {
  checkUnique(issues, roles, 'roles', 'role');
  const byName = new Map(roles.map((role) => [role.name, role]));
  roles.forEach((role, i) => {
    if (role.inherit == null) return;
    if (!byName.has(role.inherit)) {
      issues.push({
        path: ['roles', i, 'inherit'],
        message: `no role named ${JSON.stringify(role.inherit)} is declared`,
        hint: `declared roles: ${roles.map((r) => r.name).join(', ')}`,
      });
      return;
    }
    // Follow the chain: a role that reaches itself again inherits in a cycle.
    const chain = [role.name];
    for (
      let next = byName.get(role.inherit);
      next;
      next = next.inherit ? byName.get(next.inherit) : undefined
    ) {
      if (next.name === role.name) {
        issues.push({
          path: ['roles', i, 'inherit'],
          message: `inherits in a cycle: ${[...chain, role.name].join(' → ')}`,
        });
        return;
      }
      if (chain.includes(next.name)) return; // a cycle further up, reported on its own roles
      chain.push(next.name);
    }
  });
}

function checkDemoData(issues: ConfigIssue[], demoData: NonNullable<Pum1RawConfig['demo_data']>): void {
  checkUnique(issues, demoData, 'demo_data', 'demo data set');
  demoData.forEach((set, i) => {
    const hasFile = set.file != null;
    const hasFiles = set.files != null;
    if (hasFile === hasFiles) {
      issues.push({
        path: ['demo_data', i],
        message: hasFile
          ? 'a demo data set has file or files, not both'
          : 'a demo data set needs file or files',
      });
    } else if (set.files?.length === 0) {
      issues.push({ path: ['demo_data', i, 'files'], message: 'must not be empty' });
    }
    if (set.file != null) checkPath(issues, ['demo_data', i, 'file'], set.file);
    set.files?.forEach((file, j) => {
      checkPath(issues, ['demo_data', i, 'files', j], file);
    });
  });
}

/** Check the rules that span several values of a structurally valid `.pum.yaml`. */
export function checkPum1Config(raw: Pum1RawConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (raw.changelogs_directory != null) {
    checkPath(issues, ['changelogs_directory'], raw.changelogs_directory);
  }
  if (raw.application != null && raw.migration_hooks != null) {
    issues.push({
      path: ['migration_hooks'],
      at: 'key',
      message: 'application and migration_hooks cannot both be set',
      hint: 'migration_hooks (pre/post) is the older name of application (drop/create): keep one',
    });
  }
  if (raw.parameters) checkParameters(issues, raw.parameters);
  for (const [section, hooks] of [
    ['application', raw.application],
    ['migration_hooks', raw.migration_hooks],
  ] as const) {
    for (const [key, list] of Object.entries(hooks ?? {})) {
      if (list) checkHooks(issues, [section, key], list);
    }
  }
  if (raw.uninstall) checkHooks(issues, ['uninstall'], raw.uninstall);
  if (raw.roles) checkRoles(issues, raw.roles);
  if (raw.demo_data) checkDemoData(issues, raw.demo_data);
  return issues;
}
