/**
 * The diff report: plain, versioned JSON — the documented `--format json` output of
 * `pum check`. Defined once as a zod schema, from which come the TypeScript types and the
 * published JSON Schema ({@link diffReportJsonSchema}).
 */
import type { ObjectKind, SnapshotObject } from '@pum/introspect';
import { OBJECT_KINDS } from '@pum/introspect';
import { z } from 'zod';

/** The report format version; bumped on any incompatible change of {@link DiffReport}. */
export const DIFF_REPORT_FORMAT_VERSION = 1;

const KindSchema = z.enum(OBJECT_KINDS as [ObjectKind, ...ObjectKind[]]);

/** One field that differs between the two sides of a changed object. */
export const FieldChangeSchema = z.object({
  /** Dotted path of the field, e.g. `type`, `identity.start`, `foreignKey.onDelete`. */
  field: z.string(),
  /** Its value on the `from` side (absent is written as `null`). */
  from: z.unknown(),
  /** Its value on the `to` side. */
  to: z.unknown(),
});

/** An object present on one side only. */
export const ObjectDifferenceSchema = z.object({
  /** The stable key, e.g. `table:qwat_od.pipe`. */
  key: z.string(),
  /** The key without its kind prefix, e.g. `qwat_od.pipe`. */
  name: z.string(),
  /** The whole object as the snapshot describes it (see @pum/introspect). */
  object: z.custom<SnapshotObject>((value) => typeof value === 'object' && value !== null),
});

/** An object present on both sides with differing fields. */
export const ChangedObjectSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** Every differing field, in the object's field order. */
  changes: z.array(FieldChangeSchema),
});

/** The differences of one object kind. */
export const KindDifferencesSchema = z.object({
  kind: KindSchema,
  /** Objects only on the `to` side. */
  added: z.array(ObjectDifferenceSchema),
  /** Objects only on the `from` side. */
  removed: z.array(ObjectDifferenceSchema),
  changed: z.array(ChangedObjectSchema),
});

/** The row differences of one table (`pum check --data`). */
export const TableDataDifferenceSchema = z.object({
  /** `schema.table` as a key part (`qwat_vl.pipe_material`). */
  table: z.string(),
  /** `primary key`: rows matched by key; `multiset`: no primary key, whole rows counted. */
  mode: z.enum(['primary key', 'multiset']),
  fromRows: z.number().int(),
  toRows: z.number().int(),
  /** Rows only on the `to` side. */
  added: z.number().int(),
  /** Rows only on the `from` side. */
  removed: z.number().int(),
  /** Rows whose key is on both sides with different content (primary-key mode only). */
  changed: z.number().int(),
  /** The first rows of each kind of difference, up to the limit, as row text. */
  samples: z.object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.object({ key: z.string(), from: z.string(), to: z.string() })),
  }),
});

const CountsSchema = z.object({
  added: z.number().int(),
  removed: z.number().int(),
  changed: z.number().int(),
});

/** How many differences one rule left out of the report. */
export const IgnoredCountSchema = z.object({
  /**
   * The rule: a kind (`views`, from `--ignore`), a field (`columns.position`), an object rule
   * (`tables qwat_od.tmp_*`), or `equivalent expressions` (see `equivalent`).
   */
  rule: z.string(),
  /** Where it comes from: `--ignore`, `--ignore-field`, `file:line` of an ignore file, `server`… */
  source: z.string(),
  /**
   * Differences it left out: objects added, removed or changed for kind and object rules, field
   * differences for field rules and expressions.
   */
  differences: z.number().int(),
});

/** A field whose two texts differ while the server reads them as the same expression. */
export const EquivalentExpressionSchema = z.object({
  kind: KindSchema,
  key: z.string(),
  name: z.string(),
  /** The field, e.g. `definition` of a check constraint, `default` of a column. */
  field: z.string(),
  /** The raw texts of both sides, as the snapshots hold them. */
  from: z.string(),
  to: z.string(),
  /** What the server printed for both after reading them (`EXPLAIN VERBOSE`). */
  printed: z.string(),
});

const SideSchema = z.object({
  /** A label for people: a connection description or a file name. */
  label: z.string(),
  serverMajor: z.number().int(),
  postgis: z.string().nullable(),
});

/** The result of `diffSnapshots`. */
export const DiffReportSchema = z.object({
  format: z.literal('pum-diff-report'),
  formatVersion: z.literal(DIFF_REPORT_FORMAT_VERSION),
  from: SideSchema,
  to: SideSchema,
  /** Totals, and counts per kind (kinds without differences are left out). */
  summary: CountsSchema.extend({ kinds: z.partialRecord(KindSchema, CountsSchema) }),
  /** Kinds with differences, in snapshot order; each list sorted by key. */
  differences: z.array(KindDifferencesSchema),
  /** Row comparisons asked for with `--data`, one per table, sorted by table (empty otherwise). */
  data: z.array(TableDataDifferenceSchema),
  /** Kinds left out of the comparison. */
  ignoredKinds: z.array(KindSchema),
  /** Differences left out of the report, counted by the rule that left them out (none: empty). */
  ignored: z.array(IgnoredCountSchema).default([]),
  /**
   * Expressions printed differently on the two sides that the server reads as the same (not
   * counted as differences; counted in `ignored` as `equivalent expressions`).
   */
  equivalent: z.array(EquivalentExpressionSchema).default([]),
  /** Things the reader should know (e.g. the snapshots were taken with different filters). */
  warnings: z.array(z.string()),
});

/** One field that differs. */
export type FieldChange = z.infer<typeof FieldChangeSchema>;
/** An object present on one side only. */
export type ObjectDifference = z.infer<typeof ObjectDifferenceSchema>;
/** An object present on both sides with differing fields. */
export type ChangedObject = z.infer<typeof ChangedObjectSchema>;
/** The differences of one object kind. */
export type KindDifferences = z.infer<typeof KindDifferencesSchema>;
/** Counts of differences. */
export type DiffCounts = z.infer<typeof CountsSchema>;
/** What one side of the comparison was. */
export type DiffSide = z.infer<typeof SideSchema>;
/** The result of `diffSnapshots`. */
export type DiffReport = z.infer<typeof DiffReportSchema>;
/** How many differences one rule left out. */
export type IgnoredCount = z.infer<typeof IgnoredCountSchema>;
/** A field whose texts differ while the server reads them as the same expression. */
export type EquivalentExpression = z.infer<typeof EquivalentExpressionSchema>;
/** The row differences of one table. */
export type TableDataDifference = z.infer<typeof TableDataDifferenceSchema>;
/** How rows were matched. */
export type DataCompareMode = TableDataDifference['mode'];

/** Whether a table's rows differ. */
export function hasDataDifferences(table: TableDataDifference): boolean {
  return table.added + table.removed + table.changed > 0;
}

/**
 * The JSON Schema (draft 2020-12) of the report, for consumers of `pum check --format json`.
 *
 * @example
 * ```ts
 * writeFileSync('diff-report.schema.json', JSON.stringify(diffReportJsonSchema(), null, 2));
 * ```
 */
export function diffReportJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://pum.dev/schemas/diff-report-v${DIFF_REPORT_FORMAT_VERSION}.json`,
    title: 'pum diff report',
    ...z.toJSONSchema(DiffReportSchema, { unrepresentable: 'any' }),
  };
}

/**
 * Whether the report found no difference at all.
 *
 * @example
 * ```ts
 * process.exitCode = isEmptyDiff(report) ? 0 : 1;
 * ```
 */
export function isEmptyDiff(report: DiffReport): boolean {
  return report.differences.length === 0 && !report.data.some(hasDataDifferences);
}

/**
 * One line per differing object: `kind + name` (added), `kind - name` (removed),
 * `kind ~ name: field, field` (changed) — compact enough for logs and assertions.
 *
 * @example
 * ```ts
 * changeLines(report); // ['columns ~ qwat_od.pipe.geometry: type', 'views + qwat_od.vw_pipe']
 * ```
 */
export function changeLines(report: DiffReport): string[] {
  return report.differences.flatMap((k) => [
    ...k.added.map((o) => `${k.kind} + ${o.name}`),
    ...k.removed.map((o) => `${k.kind} - ${o.name}`),
    ...k.changed.map((o) => `${k.kind} ~ ${o.name}: ${o.changes.map((c) => c.field).join(', ')}`),
  ]);
}
