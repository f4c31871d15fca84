// @ts-check
/**
 * The one build preset of every published @pum package: ESM only, Node 20,
 * declarations, source maps, no bundling of dependencies.
 * @param {Partial<import('tsup').Options>} [overrides]
 * @returns {import('tsup').Options}
 */
export function pumPackage(overrides = {}) {
  // `pnpm pum` builds only to run pum from the clone (dev-build.js sets this): no
  // declarations and no rollup tree-shaking pass after esbuild — together ≈90% of the CPU time
  // of a build. Every other build (turbo's `build`, so tests and releases) makes both.
  const runOnly = process.env.PUM_BUILD_RUN_ONLY === '1';
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: !runOnly,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: !runOnly,
    ...overrides,
  };
}
