import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMAS, jsonSchemaOf } from './json-schemas.js';

const file = (name: string) => new URL(`../schemas/${name}.schema.json`, import.meta.url);
const text = (name: keyof typeof JSON_SCHEMAS) => `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`;

describe('published JSON Schemas of --json outputs', () => {
  // `pnpm --filter @pum/cli schemas` rewrites them.
  if (process.env.PUM_WRITE_SCHEMAS === '1') {
    for (const name of Object.keys(JSON_SCHEMAS) as (keyof typeof JSON_SCHEMAS)[])
      writeFileSync(file(name), text(name));
  }

  it.each(Object.keys(JSON_SCHEMAS) as (keyof typeof JSON_SCHEMAS)[])(
    'schemas/%s.schema.json is up to date',
    (name) => {
      expect(existsSync(file(name)), `run: npx --yes pnpm@10.34.9 --filter @pum/cli schemas`).toBe(true);
      // Compared as data: the formatter may lay the file out its own way.
      expect(JSON.parse(readFileSync(file(name), 'utf8'))).toEqual(jsonSchemaOf(name));
    },
  );

  it('accepts what the commands write, and rejects a wrong document', () => {
    const baseline = {
      command: 'baseline',
      formatVersion: 1,
      database: 'postgresql://x/db',
      baseline: '1.0.0',
    };
    expect(JSON_SCHEMAS.baseline.parse(baseline)).toEqual(baseline);
    expect(() => JSON_SCHEMAS.baseline.parse({ ...baseline, command: 'upgrade' })).toThrow();
    expect(() => JSON_SCHEMAS.info.parse({ command: 'info', formatVersion: 1 })).toThrow();
  });
});
