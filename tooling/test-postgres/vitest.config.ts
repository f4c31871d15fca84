import { pumVitest } from '@pum/build-config/vitest';
import { defineConfig } from 'vitest/config';

// The shared preset, except that this package's own integration tests run its global setup
// from source rather than from dist/.
const config = pumVitest(import.meta.url);
for (const project of config.test?.projects ?? []) {
  if (typeof project === 'object' && 'test' in project && project.test?.globalSetup) {
    project.test.globalSetup = ['./src/global-setup.ts'];
  }
}

export default defineConfig(config);
