import { describe, expect, it } from 'vitest';
import { reparsableCheck } from './check-text.js';

describe('reparsableCheck', () => {
  it("writes the array's own type under a cast to another array type", () => {
    expect(
      reparsableCheck(
        "CHECK (((v)::text = ANY ((ARRAY['a'::character varying, 'it''s'::character varying])::text[])))",
      ),
    ).toBe(
      "CHECK (((v)::text = ANY ((ARRAY['a'::character varying, 'it''s'::character varying]::character varying[])::text[])))",
    );
  });

  it('rewrites each list of a definition', () => {
    expect(
      reparsableCheck(
        "CHECK ((((VALUE)::text = ANY ((ARRAY['a'::character varying])::text[])) AND ((VALUE)::text <> ALL ((ARRAY['[x]'::character varying, 'y'::character varying])::text[]))))",
      ),
    ).toBe(
      "CHECK ((((VALUE)::text = ANY ((ARRAY['a'::character varying]::character varying[])::text[])) AND ((VALUE)::text <> ALL ((ARRAY['[x]'::character varying, 'y'::character varying]::character varying[])::text[]))))",
    );
  });

  it('leaves arrays without an outer cast, of mixed elements, or already of the type alone', () => {
    for (const definition of [
      "CHECK ((c = ANY (ARRAY['x'::bpchar, 'y'::bpchar])))",
      'CHECK ((n = ANY (ARRAY[1.5, (2)::numeric])))',
      "CHECK ((v = ANY ((ARRAY[w, 'a'::character varying])::text[])))",
      "CHECK ((s = ANY ((ARRAY['a'::text])::text[])))",
      'CHECK ((a > 0)) NOT VALID',
    ])
      expect(reparsableCheck(definition)).toBe(definition);
  });
});
