export type { Backend } from './backends/server-handle.js';
export { TestPostgresError, type TestPostgresErrorCode } from './errors.js';
export { type FailureEntry, formatFailures } from './failure-summary.js';
export { getTestServer } from './get-test-server.js';
export {
  type PasswordAuthServer,
  type PasswordRole,
  startPasswordAuthServer,
} from './password-auth-server.js';
export {
  type CapturedLogin,
  type PasswordCaptureServer,
  startPasswordCaptureServer,
} from './password-capture-server.js';
export {
  LANG_CODE,
  type Pum1Parameter,
  type Pum1YamlOptions,
  pum1Yaml,
  SRID,
  WEBGIS,
} from './pum1-yaml.js';
export { queryUrl } from './query-url.js';
export { type CreateDatabaseOptions, POSTGIS_TEMPLATE } from './server-admin.js';
export { advisoryLockWaiter, sessionEnded, statementRunning } from './server-state.js';
export {
  countSkips,
  formatSkipReport,
  formatSkipTotal,
  type SkipEntry,
  type SkipReport,
} from './skip-summary.js';
export {
  missingRequirement,
  type Requirement,
  type SkipNote,
  type SkippedCheck,
  skipCheck,
  skipFirst,
  skipTestUnless,
  skipUnless,
} from './skips.js';
export { type StartPostgresOptions, startPostgres, type TestPostgres } from './start-postgres.js';
export { type TestDatabase, type UseTestDatabaseOptions, useTestDatabase } from './test-database.js';
export type { TestServerInfo } from './test-server-info.js';
