/**
 * `--json` when a command fails (issue 13, item 12): stdout holds one JSON object that matches
 * the published `schemas/error.schema.json` — error code, message, hint, exit code and what was
 * changed — so a CI step that keeps stdout as an artifact keeps the failure too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@pum/test-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput } from './json-output.js';
import { type PumRun, pum } from './run-pum.js';

const db = useTestDatabase();
const work = mkdtempSync(join(tmpdir(), 'pum-json-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const unreachable = 'postgresql://pum@127.0.0.1:1/nowhere';

/** The error object on stdout, validated against the published schema; its exit code is the run's. */
function errorOf(result: PumRun) {
  expect(result.code, result.stderr).not.toBe(0);
  const error = jsonOutput('error', result.stdout);
  expect(error.exitCode).toBe(result.code);
  expect(error.ok).toBe(false);
  // The message is on stderr as before.
  expect(result.stderr).toContain(error.error.message);
  return error;
}

describe('a failing command given --json writes one error object on stdout', () => {
  it('pum check: a snapshot file that does not exist', async () => {
    const result = await pum(['check', db.url, join(work, 'missing.json'), '--json']);
    const error = errorOf(result);
    expect(error).toMatchObject({ command: 'check', exitCode: 2, changed: [] });
    expect(error.error.message).toContain('missing.json');
  });

  it('pum check --format json: an unreachable server', async () => {
    const result = await pum(['check', unreachable, db.url, '--format', 'json']);
    const error = errorOf(result);
    expect(error).toMatchObject({ command: 'check', exitCode: 2, error: { code: 'PUM_CONNECTION_FAILED' } });
    expect(error.error.hint).toMatch(/server/);
  });

  it('pum upgrade: a delta that fails on the server (exit 5)', async () => {
    const dir = join(work, 'failing', 'delta');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'delta_1.0.0_ok.sql'), 'CREATE TABLE json_errors_ok (id int);\n');
    writeFileSync(join(dir, 'delta_1.0.1_bad.sql'), 'SELECT * FROM json_errors_no_such_table;\n');
    const result = await pum(['upgrade', '--db', db.url, '--dir', dir, '--json']);
    const error = errorOf(result);
    expect(error.command).toBe('upgrade');
    expect(error.exitCode).toBe(5);
    expect(error.error.message).toContain('json_errors_no_such_table');
  });

  it('pum dump: an output directory that does not exist', async () => {
    const result = await pum(['dump', '--db', db.url, join(work, 'no-such-dir', 'x.backup'), '--json']);
    const error = errorOf(result);
    expect(error).toMatchObject({ command: 'dump', exitCode: 2, changed: [] });
  });

  it('pum info: an unreachable server, and a rejected command line', async () => {
    const dir = join(examples, 'plain-network');
    const unreached = errorOf(await pum(['info', '--db', unreachable, '--dir', dir, '--json']));
    expect(unreached).toMatchObject({
      command: 'info',
      exitCode: 2,
      error: { code: 'PUM_CONNECTION_FAILED' },
    });
    const usage = errorOf(await pum(['info', '--json', '--no-such-option']));
    expect(usage).toMatchObject({ command: 'info', exitCode: 2, error: { code: 'PUM_USAGE' } });
    expect(usage.error.message).toContain('--no-such-option');
  });

  it('writes nothing on stdout for a failure without --json', async () => {
    const result = await pum(['info', '--db', unreachable, '--dir', join(examples, 'plain-network')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
