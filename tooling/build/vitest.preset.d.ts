import type { ViteUserConfig } from 'vitest/config';

/** Shared vitest settings: a `unit` and an `integration` project. */
export declare function pumVitest(configUrl: string): ViteUserConfig;
