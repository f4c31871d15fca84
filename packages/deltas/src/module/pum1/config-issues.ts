/**
 * Problems found in `.pum.yaml`, each tied to a key path and to the line and column it comes
 * from — so a message reads `.pum.yaml:7:5: parameters[1].type: expected one of …`.
 */
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { yamlModule } from './lazy-modules.js';
import { allowedKeysAt } from './pum1-config-schema.js';

/** A key path in `.pum.yaml`: `['parameters', 1, 'type']`. */
export type ConfigPath = readonly (string | number)[];

/** One problem in `.pum.yaml`. */
export interface ConfigIssue {
  path: ConfigPath;
  message: string;
  hint?: string;
  /** Point at the key (an unknown key) rather than at its value. Default: the value. */
  at?: 'key' | 'value';
}

/** A 1-based line and column. */
export interface ConfigPosition {
  line: number;
  column: number;
}

/** `parameters[1].type`; empty for the document itself. */
export function formatConfigPath(path: ConfigPath): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

/**
 * Where `path` is in the document: its value, or its key with `at: 'key'`. A missing or empty
 * value points at its key; a missing key at the closest mapping entry that exists; an empty
 * document at 1:1.
 */
export function locateInDocument(
  doc: Document,
  lineCounter: LineCounter,
  path: ConfigPath,
  at: 'key' | 'value' = 'value',
): ConfigPosition {
  const { isMap, isScalar, isSeq } = yamlModule();
  let node: unknown = doc.contents;
  let key: unknown;
  let found = true;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) {
        found = false;
        break;
      }
      key = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      key = node;
    } else {
      found = false;
      break;
    }
  }
  const empty = !node || (isScalar(node) && node.value === null && !node.source);
  const target = !found || at === 'key' || empty ? (key ?? node) : node;
  const offset = (target as { range?: [number, number, number] } | undefined)?.range?.[0];
  if (offset === undefined) return { line: 1, column: 1 };
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** The value at `path` of plain data; `undefined` when absent. */
export function valueAt(data: unknown, path: ConfigPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** A value as a message shows it: `"2056"`, `2056`, `true`, `nothing`, `a list`, `a mapping`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function unknownKeyHint(parent: ConfigPath, key: string): string | undefined {
  const allowed = allowedKeysAt(parent);
  if (allowed.length === 0) return undefined;
  const close = allowed.find((candidate) => editDistance(candidate, key) <= 2);
  return `${close ? `did you mean ${close}? ` : ''}allowed here: ${allowed.join(', ')}`;
}

/** Turn zod issues into config issues with messages in the words of `.pum.yaml`. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], data: unknown): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    const value = valueAt(data, path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => {
          const hint = unknownKeyHint(path, key);
          return { path: [...path, key], message: 'unknown key', at: 'key', ...(hint ? { hint } : {}) };
        });
      case 'invalid_type': {
        if (value === undefined) {
          return [{ path, message: 'required key is missing', at: 'key' }];
        }
        const expected = EXPECTED[issue.expected] ?? issue.expected;
        const quote =
          issue.expected === 'string' && typeof value === 'number'
            ? { hint: `quote it: unquoted, YAML reads it as the number ${value}` }
            : {};
        return [{ path, message: `expected ${expected}, got ${describeValue(value)}`, ...quote }];
      }
      case 'invalid_value':
        return [
          {
            path,
            message: `expected one of ${issue.values.map(String).join(', ')}, got ${describeValue(value)}`,
          },
        ];
      case 'too_small':
        return [{ path, message: 'must not be empty' }];
      default:
        return [{ path, message: issue.message }];
    }
  });
}
