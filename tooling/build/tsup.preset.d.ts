import type { Options } from 'tsup';

/** The one build preset of every published @pum package. */
export declare function pumPackage(overrides?: Partial<Options>): Options;
