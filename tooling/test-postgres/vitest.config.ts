import { pumVitest } from '@pum/build-config/vitest';
import { defineConfig } from 'vitest/config';

// The shared preset, except that this package's own tests run its global setup and reporter
// from source rather than from dist/.
const config = pumVitest(import.meta.url);
if (config.test) config.test.reporters = ['default', './src/reporter.ts'];
for (const project of config.test?.projects ?? []) {
  if (typeof project === 'object' && 'test' in project && project.test?.globalSetup) {
    project.test.globalSetup = ['./src/global-setup.ts'];
  }
}

export default defineConfig(config);
