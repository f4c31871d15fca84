import { describe, expect, it } from 'vitest';
import { describeCommandLine } from './command-line.js';

describe('describeCommandLine', () => {
  it('masks passwords in URLs, conninfo strings and --option=value forms', () => {
    expect(
      describeCommandLine([
        'check',
        'postgres://me:s3cret@db:5432/a?sslmode=require',
        'host=db password=hunter2 dbname=b',
        '--pg-connection=postgresql://u:pw@h/c',
        '--format',
        'html',
      ]),
    ).toBe(
      "pum check 'postgres://me:****@db:5432/a?sslmode=require' 'host=db password=**** dbname=b' '--pg-connection=postgresql://u:****@h/c' --format html",
    );
  });

  it('quotes arguments a shell would split or expand, never a password', () => {
    const line = describeCommandLine([
      'check',
      "it's here",
      'a b',
      '$HOME',
      '-p',
      'postgres://x:pw@h/d?password=pw2',
    ]);
    expect(line).toBe(`pum check 'it'\\''s here' 'a b' '$HOME' -p 'postgres://x:****@h/d?password=****'`);
    expect(line).not.toMatch(/pw/);
  });
});
