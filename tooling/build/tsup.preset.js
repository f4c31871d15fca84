// @ts-check
/**
 * The one build preset of every published @pum package: ESM only, Node 20,
 * declarations, source maps, no bundling of dependencies.
 * @param {Partial<import('tsup').Options>} [overrides]
 * @returns {import('tsup').Options}
 */
export function pumPackage(overrides = {}) {
  return {
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...overrides,
  };
}
