import { describe, expect, it } from 'vitest';
import { parseAcl, parseAclItem } from './acl.js';

describe('parseAclItem', () => {
  it('reads PUBLIC, privileges and grant options', () => {
    expect(parseAclItem('=r/postgres')).toEqual({ grantee: 'PUBLIC', privileges: ['SELECT'], grantable: [] });
    expect(parseAclItem('alice=a*r*w/postgres')).toEqual({
      grantee: 'alice',
      privileges: ['INSERT', 'SELECT', 'UPDATE'],
      grantable: ['INSERT', 'SELECT'],
    });
    expect(parseAclItem('postgres=arwdDxtm/postgres').privileges).toEqual([
      'DELETE',
      'INSERT',
      'MAINTAIN',
      'REFERENCES',
      'SELECT',
      'TRIGGER',
      'TRUNCATE',
      'UPDATE',
    ]);
    expect(parseAclItem('bob=UC/bob').privileges).toEqual(['CREATE', 'USAGE']);
    expect(parseAclItem('=X/postgres').privileges).toEqual(['EXECUTE']);
  });

  it('reads quoted role names with quotes, spaces and equals signs', () => {
    expect(parseAclItem('"Pum Writer""x"=r*/postgres')).toEqual({
      grantee: 'Pum Writer"x',
      privileges: ['SELECT'],
      grantable: ['SELECT'],
    });
    expect(parseAclItem('"a=b/c"=U/"x y"').grantee).toBe('a=b/c');
  });

  it('rejects malformed items', () => {
    expect(() => parseAclItem('alice')).toThrow(/malformed/);
    expect(() => parseAclItem('alice=q/postgres')).toThrow(/unknown privilege "q"/);
    expect(() => parseAclItem('"alice=r/postgres')).toThrow(/unterminated/);
  });
});

describe('parseAcl', () => {
  it('merges grants of several grantors and sorts by grantee', () => {
    expect(parseAcl(['zoe=r/postgres', 'alice=w/postgres', 'zoe=a*/alice', '=U/postgres'])).toEqual([
      { grantee: 'PUBLIC', privileges: ['USAGE'], grantable: [] },
      { grantee: 'alice', privileges: ['UPDATE'], grantable: [] },
      { grantee: 'zoe', privileges: ['INSERT', 'SELECT'], grantable: ['INSERT'] },
    ]);
  });

  it('gives the same result whatever the item order', () => {
    const a = parseAcl(['x=r/p', 'y=w/p', 'x=a/q']);
    const b = parseAcl(['x=a/q', 'y=w/p', 'x=r/p']);
    expect(a).toEqual(b);
  });

  it('reads a NULL ACL as no grants', () => {
    expect(parseAcl(null)).toEqual([]);
    expect(parseAcl([])).toEqual([]);
  });
});
