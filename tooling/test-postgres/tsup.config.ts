import { pumPackage } from '@pum/build-config/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(
  pumPackage({
    entry: ['src/index.ts', 'src/global-setup.ts', 'src/reporter.ts'],
    // tsup bundles what is not a (peer) dependency: keep vitest (dev dependency, provided by
    // the package under test) and the optional testcontainers out of the bundle.
    external: [/^vitest(\/|$)/, /^@testcontainers\//, /^testcontainers$/],
  }),
);
