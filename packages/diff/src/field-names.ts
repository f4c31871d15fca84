/**
 * The field names of each object kind, exactly as the JSON report writes them in `changes[].field`
 * (`position`, `dataType`, `identity.start`): what a field-level ignore may name. Read from the
 * snapshot's schema, so a field added to the snapshot can be ignored without a change here.
 */
import { PumError, PumErrorCode } from '@pum/core';
import { type ObjectKind, SnapshotSchema } from '@pum/introspect';
import { z } from 'zod';
import { parseKind } from './kinds.js';

/** The object's shape behind optional/nullable/default wrappers, or undefined for a non-object. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, z.ZodType>;
    if (
      current instanceof z.ZodNullable ||
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap() as z.ZodType;
      continue;
    }
    return undefined;
  }
}

function pathsOf(shape: Record<string, z.ZodType>, prefix: string): string[] {
  return Object.entries(shape).flatMap(([name, schema]) => {
    const nested = objectShape(schema);
    const path = `${prefix}${name}`;
    return nested ? [path, ...pathsOf(nested, `${path}.`)] : [path];
  });
}

const cache = new Map<ObjectKind, readonly string[]>();

/**
 * The fields of `kind` a report may name, nested ones dotted (`identity`, `identity.start`).
 * `key` is left out: it is what matches the two sides, never a difference.
 *
 * @example
 * ```ts
 * objectFields('sequences'); // ['schema', 'name', 'owner', …, 'dataType', 'start', …]
 * ```
 */
export function objectFields(kind: ObjectKind): readonly string[] {
  let fields = cache.get(kind);
  if (fields === undefined) {
    const element = (SnapshotSchema.shape.objects.shape[kind] as z.ZodArray<z.ZodType>).element;
    fields = pathsOf(objectShape(element) ?? {}, '').filter((field) => field !== 'key');
    cache.set(kind, fields);
  }
  return fields;
}

/** A field of a kind, as a field-level ignore names it. */
export interface FieldName {
  kind: ObjectKind;
  /** The dotted field path; ignoring `identity` also ignores `identity.start`. */
  field: string;
}

/**
 * Read `kind.field` (`columns.position`, `sequences.dataType`, `columns.identity.start`). The kind
 * may be written in any of its spellings (as for `--ignore`); the field exactly as in the report.
 *
 * @throws {@link PumError} `PUM_INVALID_ARGUMENT` naming the unknown kind or field and listing
 * the valid ones.
 * @example
 * ```ts
 * parseFieldName('columns.position'); // { kind: 'columns', field: 'position' }
 * ```
 */
export function parseFieldName(text: string): FieldName {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) {
    throw new PumError(
      PumErrorCode.InvalidArgument,
      `${JSON.stringify(text)} is not a field: expected <kind>.<field>`,
      {
        hint: 'name a kind and one of its fields as the JSON report writes them, e.g. columns.position or sequences.dataType',
        details: { field: text },
      },
    );
  }
  const kind = parseKind(text.slice(0, dot));
  const field = text.slice(dot + 1);
  const fields = objectFields(kind);
  if (!fields.includes(field)) {
    const lower = field.toLowerCase();
    const loose =
      fields.find((f) => f.toLowerCase() === lower) ?? fields.find((f) => f.toLowerCase().endsWith(lower));
    throw new PumError(PumErrorCode.InvalidArgument, `${kind} have no field ${JSON.stringify(field)}`, {
      hint: `${loose ? `did you mean ${kind}.${loose}? ` : ''}fields of ${kind}: ${fields.join(', ')}`,
      details: { kind, field },
    });
  }
  return { kind, field };
}
