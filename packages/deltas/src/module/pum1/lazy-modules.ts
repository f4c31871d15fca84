/**
 * `yaml` and `zod`, loaded when a PUM 1.x configuration is first read rather than when
 * `@pum/deltas` is imported: together they took ≈110 ms of the start-up of every process that
 * imports this package (every `pum` command), and only `.pum.yaml` needs them.
 *
 * `await import()` would make `loadPum1Module()` and `parsePum1Config()` asynchronous; both
 * packages ship CommonJS builds, so a `require` made with `createRequire` loads them on first use
 * and keeps those functions synchronous. Only types are imported statically.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
type Zod = typeof import('zod');

const require = createRequire(import.meta.url);
let yaml: Yaml | undefined;
let zod: Zod | undefined;

/** The `yaml` package, loaded on the first call. */
export function yamlModule(): Yaml {
  yaml ??= require('yaml') as Yaml;
  return yaml;
}

/** The `zod` package, loaded on the first call. */
export function zodModule(): Zod {
  zod ??= require('zod') as Zod;
  return zod;
}
