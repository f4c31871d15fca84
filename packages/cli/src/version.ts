import pkg from '../package.json' with { type: 'json' };

/** The version of the `pum` CLI, from its package.json. */
export const cliVersion: string = pkg.version;
