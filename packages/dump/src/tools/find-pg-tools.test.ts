import { isPumError, PumErrorCode } from '@pum/core';
import { describe, expect, it } from 'vitest';
import { findPgTools } from './find-pg-tools.js';
import type { ToolSystem } from './tool-system.js';

/** A machine made of a file → version map, and symbolic links. */
function machine(
  files: Record<string, string | null>,
  links: Record<string, string> = {},
): ToolSystem & { ran: string[] } {
  const ran: string[] = [];
  const all = { ...files };
  for (const link of Object.keys(links)) all[link] ??= null;
  return {
    ran,
    isExecutable: (file) => file in all,
    listDirectory: (dir) => {
      const prefix =
        dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}${dir.includes('\\') ? '\\' : '/'}`;
      const names = new Set<string>();
      for (const file of Object.keys(all)) {
        if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split(/[\\/]/)[0] as string);
      }
      return [...names];
    },
    realPath: (file) => links[file] ?? file,
    readVersion: async (file) => {
      ran.push(file);
      const version = all[links[file] ?? file];
      return version === null || version === undefined
        ? undefined
        : `${file.split(/[\\/]/).pop()} (PostgreSQL) ${version}\n`;
    },
  };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isPumError(error)) return error;
    throw error;
  }
  throw new Error('expected a PumError');
}

describe('findPgTools', () => {
  it('chooses the newest program at least as new as the server, wherever it is', async () => {
    const system = machine({
      '/usr/lib/postgresql/15/bin/pg_dump': '15.18',
      '/usr/lib/postgresql/17/bin/pg_dump': '17.2',
      '/usr/lib/postgresql/16/bin/pg_dump': '16.6',
      '/opt/pg18/bin/pg_dump': '18.1',
    });
    const tool = await findPgTools({
      tool: 'pg_dump',
      serverMajor: 16,
      path: '/opt/pg18/bin:/usr/bin',
      system,
      platform: 'linux',
    });
    expect(tool).toEqual({
      name: 'pg_dump',
      path: '/opt/pg18/bin/pg_dump',
      source: 'PATH',
      version: '18.1',
      major: 18,
      minor: 1,
    });
  });

  it('prefers the later minor release of one major, and the first found on a tie', async () => {
    const system = machine({
      '/a/pg_restore': '16.2',
      '/b/pg_restore': '16.6',
      '/c/pg_restore': '16.6',
    });
    const tool = await findPgTools({
      tool: 'pg_restore',
      serverMajor: 14,
      path: '/a:/b:/c',
      system,
      platform: 'linux',
    });
    expect(tool.path).toBe('/b/pg_restore');
  });

  it('refuses programs older than the server, saying what it found and what to install', async () => {
    const system = machine({
      '/usr/lib/postgresql/15/bin/pg_dump': '15.18',
      '/usr/local/bin/pg_dump': '9.6.24',
    });
    const error = await failure(
      findPgTools({ tool: 'pg_dump', serverMajor: 17, path: '/usr/local/bin', system, platform: 'linux' }),
    );
    expect(error.code).toBe(PumErrorCode.ExternalProgram);
    expect(error.message).toBe(
      'no pg_dump fit for the PostgreSQL 17 server: it must be version 17 or newer, found 9.6.24 (/usr/local/bin/pg_dump), 15.18 (/usr/lib/postgresql/15/bin/pg_dump)',
    );
    expect(error.hint).toContain('apt install postgresql-client-17');
    expect(error.hint).toContain('dnf install postgresql17');
    expect(error.details).toMatchObject({
      tool: 'pg_dump',
      serverMajor: 17,
      found: [
        { path: '/usr/local/bin/pg_dump', version: '9.6.24' },
        { path: '/usr/lib/postgresql/15/bin/pg_dump', version: '15.18' },
      ],
    });
  });

  it('says where it looked when nothing is installed', async () => {
    const error = await failure(
      findPgTools({
        tool: 'pg_restore',
        serverMajor: 16,
        path: '/usr/bin',
        system: machine({}),
        platform: 'darwin',
      }),
    );
    expect(error.code).toBe(PumErrorCode.ExternalProgram);
    expect(error.message).toContain('pg_restore not found (looked in PATH, /usr/lib/postgresql/*/bin');
    expect(error.message).toContain('/opt/homebrew/opt/postgresql*/bin');
    expect(error.hint).toContain('brew install postgresql@16');
  });

  it('uses only the explicit path when one is given, even if a newer program exists', async () => {
    const system = machine({ '/opt/pinned/pg_dump': '16.1', '/usr/lib/postgresql/17/bin/pg_dump': '17.2' });
    const tool = await findPgTools({
      tool: 'pg_dump',
      serverMajor: 16,
      explicitPath: '/opt/pinned/pg_dump',
      system,
      platform: 'linux',
    });
    expect(tool).toMatchObject({ path: '/opt/pinned/pg_dump', source: 'explicit', version: '16.1' });
    expect(system.ran).toEqual(['/opt/pinned/pg_dump']);
  });

  it('rejects an explicit program that is too old instead of searching elsewhere', async () => {
    const system = machine({ '/opt/old/pg_dump': '9.6.24', '/usr/lib/postgresql/17/bin/pg_dump': '17.2' });
    const error = await failure(
      findPgTools({
        tool: 'pg_dump',
        serverMajor: 15,
        explicitPath: '/opt/old/pg_dump',
        system,
        platform: 'linux',
      }),
    );
    expect(error.message).toContain('found 9.6.24 (/opt/old/pg_dump)');
  });

  it('reports a missing explicit program by its path', async () => {
    const error = await failure(
      findPgTools({
        tool: 'pg_restore',
        serverMajor: 15,
        pgBin: '/nowhere/bin',
        system: machine({}),
        platform: 'linux',
      }),
    );
    expect(error.message).toBe('pg_restore not found at /nowhere/bin/pg_restore');
    expect(error.details).toMatchObject({ searched: ['/nowhere/bin/pg_restore'] });
  });

  it('looks in pgBin only', async () => {
    const system = machine({ '/srv/pg/bin/psql': '16.3', '/usr/lib/postgresql/17/bin/psql': '17.2' });
    const tool = await findPgTools({
      tool: 'psql',
      serverMajor: 16,
      pgBin: '/srv/pg/bin',
      system,
      platform: 'linux',
    });
    expect(tool).toMatchObject({ path: '/srv/pg/bin/psql', source: 'pgBin' });
  });

  it('skips wrappers that link to another program, and reads each real program once', async () => {
    const system = machine(
      { '/usr/share/postgresql-common/pg_wrapper': '17.2', '/usr/lib/postgresql/15/bin/pg_dump': '15.18' },
      {
        '/usr/bin/pg_dump': '/usr/share/postgresql-common/pg_wrapper',
        '/usr/local/bin/pg_dump': '/usr/lib/postgresql/15/bin/pg_dump',
      },
    );
    const tool = await findPgTools({
      tool: 'pg_dump',
      serverMajor: 15,
      path: '/usr/local/bin:/usr/bin',
      system,
      platform: 'linux',
    });
    expect(tool.path).toBe('/usr/local/bin/pg_dump');
    expect(system.ran).toEqual(['/usr/local/bin/pg_dump']);
  });

  it('never runs a program from the current directory (empty or relative PATH entries)', async () => {
    const system = machine({ pg_dump: '18.0', 'bin/pg_dump': '18.0' });
    await expect(
      findPgTools({ tool: 'pg_dump', serverMajor: 15, path: ':bin:.', system, platform: 'linux' }),
    ).rejects.toThrow('pg_dump not found');
    expect(system.ran).toEqual([]);
  });

  it('reports programs whose version cannot be read', async () => {
    const system = machine({ '/x/pg_dump': null });
    const error = await failure(
      findPgTools({ tool: 'pg_dump', serverMajor: 15, path: '/x', system, platform: 'linux' }),
    );
    expect(error.message).toContain('found unknown version (/x/pg_dump)');
  });

  it('knows Windows paths and installation directories', async () => {
    const system = machine({
      'C:\\Program Files\\PostgreSQL\\16\\bin\\pg_dump.exe': '16.4',
      'C:\\Program Files\\PostgreSQL\\17\\bin\\pg_dump.exe': '17.2',
      'D:\\tools\\pg_dump.exe': '15.1',
    });
    const tool = await findPgTools({
      tool: 'pg_dump',
      serverMajor: 16,
      path: 'D:\\tools;C:\\Windows',
      system,
      platform: 'win32',
    });
    expect(tool.path).toBe('C:\\Program Files\\PostgreSQL\\17\\bin\\pg_dump.exe');
    const error = await failure(
      findPgTools({ tool: 'pg_dump', serverMajor: 18, path: 'D:\\tools', system, platform: 'win32' }),
    );
    expect(error.hint).toContain('EDB installer of PostgreSQL 18');
  });
});
