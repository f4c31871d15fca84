/**
 * @packageDocumentation
 * Compare two PostgreSQL catalog snapshots, field by field, and write the report as text,
 * JSON or HTML; plan the SQL that turns one schema into the other. Pure: no connection is
 * ever opened (`applyPlan` runs a plan on the caller's).
 */

export { compareFields, jsonEqual } from './compare-fields.js';
export { type CompareRowsOptions, compareRows, type DataRow } from './compare-rows.js';
export { compareUtf8 } from './compare-utf8.js';
export { type DiffOptions, diffSnapshots } from './diff-snapshots.js';
export { type FieldName, objectFields, parseFieldName } from './field-names.js';
export { escapeHtml, type FormatHtmlOptions, formatHtml } from './format-html.js';
export { formatJson } from './format-json.js';
export { describeCounts, type FormatTextOptions, formatText, type TextStyle } from './format-text.js';
export {
  compileIgnoreRules,
  decidingRule,
  type IgnoreMatcher,
  type IgnoreRule,
  parseIgnoreRules,
  type RuleDecider,
} from './ignore-rules.js';
export {
  coalesceRanges,
  compareBuckets,
  type DescentOptions,
  type DescentResult,
  descendKeyRanges,
  type KeyBucket,
  type KeyGrid,
  type KeyGridOptions,
  type KeyRange,
  keyGrid,
  type LevelChecksums,
  maxKey,
  minKey,
} from './key-ranges.js';
export { kindInWords, PUM_KINDS, parseKind } from './kinds.js';
export { globPattern, likePattern } from './patterns.js';
export { applyPlan } from './plan/apply-plan.js';
export { formatPlanSql, type PlanSql } from './plan/format-plan.js';
export {
  HAZARDS,
  type Hazard,
  type MigrationPlan,
  type MigrationStep,
  type PlanOptions,
  type StepAction,
  type UnsupportedChange,
  type WithheldStep,
} from './plan/migration-plan.js';
export { planMigration } from './plan/plan-migration.js';
export {
  type ChangedObject,
  changeLines,
  type DataCompareMode,
  DIFF_REPORT_FORMAT_VERSION,
  type DiffCounts,
  type DiffReport,
  DiffReportSchema,
  type DiffSide,
  diffReportJsonSchema,
  type EquivalentExpression,
  type FieldChange,
  hasDataDifferences,
  type IgnoredCount,
  isEmptyDiff,
  type KindDifferences,
  type ObjectDifference,
  type TableDataDifference,
  TableDataDifferenceSchema,
} from './report.js';
export {
  EQUIVALENT_EXPRESSIONS_RULE,
  type ExpressionPrinter,
  type ExpressionSite,
  settleExpressions,
  splitCheck,
} from './settle-expressions.js';
export { settleExpressionsOn } from './settle-on-server.js';
