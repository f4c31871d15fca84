/** PUM 1.x modules: `.pum.yaml` and `changelogs/<version>/*.sql`. */
export {
  type ConfigPath,
  type ConfigPosition,
  formatConfigPath,
} from './config-issues.js';
export {
  isPum1Module,
  type LoadPum1Options,
  loadPum1Module,
  type Pum1DemoData,
  type Pum1Module,
  type Pum1Parameter,
  type Pum1Role,
} from './load-pum1-module.js';
export {
  type ParsedPum1Config,
  type ParsePum1ConfigOptions,
  PUM1_CONFIG_FILE,
  parsePum1Config,
  readPum1Config,
} from './parse-pum1-config.js';
export {
  PUM1_PARAMETER_TYPES,
  type Pum1ApplicationConfig,
  type Pum1Config,
  type Pum1DemoDataConfig,
  type Pum1DependencyConfig,
  type Pum1HookConfig,
  type Pum1ParameterConfig,
  type Pum1ParameterValue,
  type Pum1PumSection,
  type Pum1RoleConfig,
} from './pum1-config.js';
export {
  APP_ONLY_RELEASE,
  type Pum1Changelog,
  type ReadPum1ChangelogsOptions,
  readPum1Changelogs,
} from './read-changelogs.js';
export { resolvePum1Parameters } from './resolve-parameters.js';
