/**
 * Every command's help, read through the built `pum` binary as a user reads it: it ends with its
 * exit codes and shows no `(default: [])` (issue 17 item 6). The commands are found by walking
 * the help itself, so a new command is checked without being listed here.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin/pum.js');

function help(path: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...path, '--help'],
      { env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** The subcommands a help lists under `Commands:` (not `help`). */
function subcommands(text: string): string[] {
  const section = text.split(/^Commands:\n/m)[1]?.split(/\n\n/)[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)(?:\|[a-z-]+)?(?: \S+)*? {2,}\S/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

/** Every command path below the program, with its help, walking the help. */
async function walk(path: string[] = []): Promise<{ path: string[]; stdout: string; code: number }[]> {
  const { code, stdout } = await help(path);
  const found = [{ path, stdout, code }];
  for (const name of subcommands(stdout)) found.push(...(await walk([...path, name])));
  return found;
}

describe('every command help', () => {
  it('ends with its exit codes and shows no empty defaults', async () => {
    const all = await walk();
    const paths = all.map((h) => h.path.join(' '));
    // The walk found the commands, nested ones too.
    expect(paths).toEqual(
      expect.arrayContaining(['', 'check', 'snapshot', 'info', 'local', 'local up', 'demo']),
    );
    const wrong: string[] = [];
    for (const { path, stdout, code } of all) {
      const name = `pum ${path.join(' ')} --help`;
      if (code !== 0) wrong.push(`${name}: exit ${code}`);
      if (stdout.includes('default: []')) wrong.push(`${name}: shows (default: [])`);
      // Its last paragraph is, or ends with, the exit codes.
      const last = stdout.trimEnd().split(/\n\n/).at(-1) ?? '';
      if (!/^Exit codes?[ :]/m.test(last)) wrong.push(`${name}: does not end with its exit codes`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it("keeps check's PUM 0.x -v/--verbose_level out of its help, with --detail shown instead", async () => {
    const { stdout } = await help(['check']);
    expect(stdout).not.toMatch(/-v, --verbose_level/);
    expect(stdout).toContain('--detail <level>');
  });

  it('spells URLs postgresql:// in help', async () => {
    for (const path of [[], ['check'], ['snapshot'], ['dump'], ['upgrade']]) {
      const { stdout } = await help(path);
      expect(stdout, path.join(' ')).not.toContain('postgres://');
    }
  });
});
