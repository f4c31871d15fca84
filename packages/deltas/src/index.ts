/**
 * @packageDocumentation
 * Apply versioned SQL delta files to PostgreSQL, record them, never apply one twice.
 */

export {
  DEFAULT_HISTORY_TABLE,
  type HistoryRow,
  readHistory,
  type TableName,
} from './history/history-table.js';
export type { OtherHistory } from './history/other-history.js';
export { isPum0Table, kindOfPum0Type, type Pum0Row } from './history/pum0-history.js';
export type {
  DeltaFile,
  DeltaKind,
  DeltaLanguage,
  DeltaModule,
  HookCommand,
  IgnoredFile,
} from './module/delta-file.js';
export { deltaIdentity } from './module/delta-identity.js';
export { compareDeltas, type LoadPum0Options, loadPum0Module } from './module/load-pum0-module.js';
export { checksumOf, normaliseText } from './module/normalise.js';
export { type Pum0FileName, parsePum0FileName } from './module/pum0-file-name.js';
export {
  isPum1Module,
  type LoadPum1Options,
  loadPum1Module,
  type Pum1Config,
  type Pum1DemoData,
  type Pum1Module,
  type Pum1Parameter,
  type Pum1Role,
  parsePum1Config,
  resolvePum1Parameters,
} from './module/pum1/index.js';
export { acquireUpgradeLock, type LockOptions } from './run/advisory-lock.js';
export {
  type AppliedFile,
  type ApplyOptions,
  applyDeltas,
  UpgradeFailedError,
  type UpgradeProgress,
  type UpgradeReport,
} from './run/apply-deltas.js';
export { type BaselineOptions, baselineDatabase } from './run/baseline.js';
export type { CodeDelta, CodeDeltaContext } from './run/code-delta.js';
export type { StatementProgress } from './run/file-runner.js';
export { DEFAULT_PYTHONS, type FoundPython, findPython, type PythonDependency } from './run/find-python.js';
export { type InstallOptions, installModule } from './run/install.js';
export type { InterruptedStatementChoice } from './run/interrupted-statement.js';
export { historyElsewhere, historyElsewhereMessage } from './run/new-history-guard.js';
export type { OtherRunReport } from './run/other-run.js';
export {
  addedLateWarnings,
  pum0Rule,
  pum1Rule,
  type RuleInput,
  type RuleOutcome,
  refuseUnrecorded,
  type VersionRecord,
} from './run/pending-rules.js';
export {
  type FileStatus,
  type PlannedFile,
  type PlanOptions,
  planUpgrade,
  type UpgradePlan,
} from './run/plan.js';
export { type Placeholders, type PreparedFile, prepareFiles } from './run/prepare.js';
export {
  type Pum1RunSelection,
  pum1RunFiles,
  type UpgradeModuleOptions,
  upgradeModule,
} from './run/pum1-run.js';
export { shimDirectory } from './run/python-process.js';
export { PUM0_SERVICE_NAME } from './run/python-runner.js';
export { type RepairOptions, repairChecksums } from './run/repair.js';
export { grantStatements, grantsFile, grantsSql, rolesSql } from './run/roles-sql.js';
export { type RunWarning, RunWarningCode, strictWarningsError } from './run/run-warning.js';
export type { RunningStatement, StillRunning } from './run/slow-watch.js';
export { hasNoTransactionMarker, requiresNoTransaction, transactionControl } from './sql/classify.js';
export { lexSql, type SqlToken } from './sql/lexer.js';
export { type ParameterType, type ParameterValue, parameterLiteral } from './sql/parameter-value.js';
export type { PlaceholderDialect } from './sql/placeholder-scan.js';
export { type SubstituteOptions, type SubstituteResult, substitute } from './sql/placeholders.js';
export { type Statement, splitStatements } from './sql/split.js';
