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

/** Objects indented in one `JSON.stringify()` call: far fewer calls and pieces than one per object. */
const OBJECTS_PER_PIECE = 64;

/**
 * The items of `list` as they sit in an indented array `depth` levels deep (each on its own
 * lines, `,\n` between them, no brackets), in pieces of {@link OBJECTS_PER_PIECE}: the same
 * text as indenting each item alone, at a fraction of the cost.
 */
function* arrayItems<T>(list: readonly T[], depth: number, map: (item: T) => unknown): Generator<string> {
  // Nested in `depth` arrays, the items are indented `depth` levels by JSON.stringify itself (no
  // re-indenting pass over the text); the brackets around them take `depth * (depth + 1)`
  // characters on each side: `[\n`, `  [\n`, … before and `\n  ]`, `\n]` … after.
  const brackets = depth * (depth + 1);
  for (let start = 0; start < list.length; start += OBJECTS_PER_PIECE) {
    let nested: unknown = list.slice(start, start + OBJECTS_PER_PIECE).map(map);
    for (let level = 1; level < depth; level++) nested = [nested];
    const text = JSON.stringify(nested, null, 2);
    const items = text.slice(brackets, text.length - brackets);
    yield start + OBJECTS_PER_PIECE < list.length ? `${items},\n` : `${items}\n`;
  }
}

/**
 * Yield the canonical JSON text of `snapshot` in pieces (a few hundred objects each), ending
 * with a newline. Joining the pieces gives {@link serializeSnapshot}'s result.
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
    yield* arrayItems(list, 3, reorderObject[kind]);
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
  yield* arrayItems(dependencies, 2, ({ from, to }) => ({ from, to }));
  yield '  ]\n}\n';
}
