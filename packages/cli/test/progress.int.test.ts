/**
 * Issue 17 item 4: progress of long runs. Off a terminal, a line per file with its duration and a
 * note naming a statement that runs long; on a terminal (a pseudo-terminal made by `script`), a
 * live line that is cleared before anything else is written.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { pum } from './run-pum.js';
import { writeTree } from './write-tree.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-progress-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The escape that erases the terminal's line. */
const ERASE_LINE = '\x1b[2K';
const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/pum.js');
/** Named long after 200 ms: the 1 s sleeps below are long, whatever the machine's load. */
const slowEnv = { PUM_SLOW_AFTER_MS: '200' };

/** A PUM 0.x delta directory whose second file sleeps a second, and a history table of its own. */
function deltas(name: string): string[] {
  const dir = writeTree(join(work, name), {
    'delta_1.0.0_init.sql': `CREATE SCHEMA ${name};\nCREATE TABLE ${name}.t (id int);\n`,
    'delta_1.1.0_slow.sql': `-- waits\nSELECT pg_sleep(1);\n`,
  });
  // Each test has its own history table in the one database: --new-history says it is meant.
  return ['upgrade', '--db', db.url, '-d', dir, '-t', `${name}.pum_history`, '--new-history'];
}

describe('pum upgrade progress', () => {
  it('off a terminal: a line per file with its duration on stdout, and the slow statement named on stderr', async () => {
    const result = await pum(deltas('progress_plain'), { env: slowEnv, cwd: work });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ progress_plain\/delta_1\.0\.0_init\.sql \(\d+ ms\)\n/);
    expect(result.stdout).toMatch(/✓ progress_plain\/delta_1\.1\.0_slow\.sql \(\d+ ms\)\n/);
    expect(result.stderr).toMatch(
      /^progress_plain\/delta_1\.1\.0_slow\.sql:2: still running after \d+ ms: SELECT pg_sleep\(1\);\n$/,
    );
  });

  it('says nothing of it with --quiet, nor with --json', async () => {
    for (const flag of ['--quiet', '--json']) {
      const name = `progress_${flag.slice(2)}`;
      const [command, ...rest] = deltas(name);
      // --quiet is a global option (before the command), --json one of the command.
      const args =
        flag === '--quiet' ? [flag, command as string, ...rest] : [command as string, ...rest, flag];
      const result = await pum(args, { env: slowEnv, cwd: work });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).not.toContain('✓');
    }
  });

  it.skipIf(!existsSync('/usr/bin/script'))(
    'on a terminal: a live line with file n of m and the files left, cleared before other output',
    async () => {
      const args = [process.execPath, bin, ...deltas('progress_tty')].map((a) => `'${a}'`).join(' ');
      const run = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile(
          '/usr/bin/script',
          ['-qfec', args, '/dev/null'],
          { env: { ...process.env, NO_COLOR: '1', ...slowEnv }, cwd: work },
          (error, stdout) => resolve({ code: error ? Number(error.code) : 0, output: stdout }),
        ),
      );
      expect(run).toMatchObject({ code: 0 });
      const { output } = run;
      const clear = `\r${ERASE_LINE}`;
      expect(output).toContain(`${clear}upgrading 1/2 progress_tty/delta_1.0.0_init.sql · 2 statements ·`);
      expect(output).toContain(`${clear}upgrading 2/2 progress_tty/delta_1.1.0_slow.sql · `);
      expect(output).toContain(' · last file');
      // What the terminal shows at the end: each line as left by its last carriage return. The
      // live line never runs into another line, and is gone at the end.
      const shown = output
        .split(/\r?\n/)
        .map((line) => line.slice(line.lastIndexOf('\r') + 1).replace(ERASE_LINE, ''));
      expect(shown.filter((line) => line.includes('upgrading '))).toEqual([
        expect.stringMatching(/^upgrading .* with 1 delta directory$/),
      ]);
      expect(shown).toContainEqual(
        expect.stringMatching(
          /^progress_tty\/delta_1\.1\.0_slow\.sql:2: still running after \d+ ms: SELECT pg_sleep\(1\);$/,
        ),
      );
      expect(shown).toContainEqual(
        expect.stringMatching(/^ {2}✓ progress_tty\/delta_1\.1\.0_slow\.sql \(\d+ ms\)$/),
      );
      expect(shown).toContainEqual('applied 2 file(s); now at 1.1.0');
      expect(shown.at(-1)).toBe('');
    },
  );
});
