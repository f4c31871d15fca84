/**
 * Canonical JSON text of a snapshot, produced piece by piece: every object's fields in the
 * order of its zod schema (unknown fields dropped, record keys sorted), collections sorted by
 * key, two-space indentation — the same bytes as `JSON.stringify(parsed, null, 2)` without
 * building a validated copy of the whole snapshot or one giant string.
 */
import { z } from 'zod';
import { OBJECT_KINDS, type Snapshot, SnapshotSchema } from './snapshot.js';
import { compareText } from './sort.js';

type Reorder = (value: unknown) => unknown;

const identity: Reorder = (value) => value;

/** Compile a function that rebuilds values of `schema` with their fields in schema order. */
function reorderFor(schema: z.ZodType): Reorder {
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) {
    const inner = reorderFor(schema.unwrap() as z.ZodType);
    return (value) => (value === null || value === undefined ? value : inner(value));
  }
  if (schema instanceof z.ZodArray) {
    const element = reorderFor(schema.element as z.ZodType);
    if (element === identity) return identity;
    return (value) => {
      const list = value as unknown[];
      const out = list.map(element);
      return out.every((item, i) => item === list[i]) ? list : out;
    };
  }
  if (schema instanceof z.ZodObject) {
    const fields = Object.entries(schema.shape as Record<string, z.ZodType>).map(
      ([key, field]) => [key, reorderFor(field)] as const,
    );
    const keys = fields.map(([key]) => key);
    return (value) => {
      const source = value as Record<string, unknown>;
      // Objects built by the readers are already in schema order: reuse them as they are.
      const present = Object.keys(source);
      let same = present.length === keys.length && present.every((key, i) => key === keys[i]);
      const out: Record<string, unknown> = {};
      for (const [key, reorder] of fields) {
        if (source[key] === undefined) continue;
        out[key] = reorder(source[key]);
        if (out[key] !== source[key]) same = false;
      }
      return same ? source : out;
    };
  }
  if (schema instanceof z.ZodRecord) {
    return (value) =>
      Object.fromEntries(
        Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareText(a, b)),
      );
  }
  return identity;
}

const objectsShape = SnapshotSchema.shape.objects.shape;
const reorderObject = Object.fromEntries(
  OBJECT_KINDS.map((kind) => [kind, reorderFor((objectsShape[kind] as z.ZodArray<z.ZodType>).element)]),
) as Record<(typeof OBJECT_KINDS)[number], Reorder>;
const reorderServer = reorderFor(SnapshotSchema.shape.server);
const reorderFilter = reorderFor(SnapshotSchema.shape.filter);
const reorderUnmodeled = reorderFor(SnapshotSchema.shape.unmodeled);

/** `JSON.stringify(value, null, 2)`, indented to sit `depth` levels deep. */
function pretty(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/**
 * Yield the canonical JSON text of `snapshot` in pieces (one per object), ending with a
 * newline. Joining the pieces gives {@link serializeSnapshot}'s result.
 */
export function* snapshotJsonChunks(snapshot: Snapshot): Generator<string> {
  yield `{\n  "format": ${JSON.stringify(snapshot.format)},\n  "formatVersion": ${JSON.stringify(snapshot.formatVersion)},\n`;
  yield `  "server": ${pretty(reorderServer(snapshot.server), 1)},\n  "filter": ${pretty(reorderFilter(snapshot.filter), 1)},\n`;
  yield '  "objects": {\n';
  for (const [k, kind] of OBJECT_KINDS.entries()) {
    const list = [...(snapshot.objects[kind] as { key: string }[])].sort((a, b) => compareText(a.key, b.key));
    const comma = k < OBJECT_KINDS.length - 1 ? ',' : '';
    if (list.length === 0) {
      yield `    ${JSON.stringify(kind)}: []${comma}\n`;
      continue;
    }
    yield `    ${JSON.stringify(kind)}: [\n`;
    for (const [i, object] of list.entries()) {
      yield `      ${pretty(reorderObject[kind](object), 3)}${i < list.length - 1 ? ',' : ''}\n`;
    }
    yield `    ]${comma}\n`;
  }
  yield `  },\n  "unmodeled": ${pretty(reorderUnmodeled(snapshot.unmodeled), 1)},\n`;
  const dependencies = [...(snapshot.dependencies ?? [])].sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to),
  );
  if (dependencies.length === 0) {
    yield '  "dependencies": []\n}\n';
    return;
  }
  yield '  "dependencies": [\n';
  for (const [i, { from, to }] of dependencies.entries()) {
    const comma = i < dependencies.length - 1 ? ',' : '';
    yield `    {\n      "from": ${JSON.stringify(from)},\n      "to": ${JSON.stringify(to)}\n    }${comma}\n`;
  }
  yield '  ]\n}\n';
}
