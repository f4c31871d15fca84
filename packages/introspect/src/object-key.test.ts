import { describe, expect, it } from 'vitest';
import { keyPart, objectKey } from './object-key.js';

describe('objectKey', () => {
  it('writes plain names bare', () => {
    expect(objectKey('table', 'qwat_od', 'pipe')).toBe('table:qwat_od.pipe');
    expect(objectKey('column', 'a', 'b$', '_c1')).toBe('column:a.b$._c1');
  });

  it('quotes names PostgreSQL would quote, so keys stay unambiguous', () => {
    expect(objectKey('table', 'my.schema', 't')).toBe('table:"my.schema".t');
    expect(objectKey('table', 'my', 'schema.t')).toBe('table:my."schema.t"');
    expect(objectKey('table', 'My', 'T')).toBe('table:"My"."T"');
    expect(keyPart('say "hi"')).toBe('"say ""hi"""');
    expect(keyPart('1abc')).toBe('"1abc"');
    expect(keyPart('Zürich')).toBe('"Zürich"');
    expect(keyPart('a;b')).toBe('"a;b"');
  });
});
