/**
 * Every published package is publishable as `pnpm release` publishes it: `pnpm publish:check`
 * (`pnpm publish --dry-run` of each package under packages/, with pnpm's own packing, which
 * rewrites `workspace:^` ranges) succeeds for exactly the packages the pack test packed, at
 * their real versions. Nothing reaches the registry.
 */
import { expect, inject, it } from 'vitest';
import { describeRun, runProcess, userEnvironment } from '../src/processes.js';
import { pinnedPnpm, workspaceRoot } from '../src/workspace.js';

it('pnpm publish --dry-run succeeds for every public package at its version', async () => {
  const { packages } = inject('pumPacks');
  const env = userEnvironment(process.env, { workspaceRoot });
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = await runProcess(npx, ['--yes', pinnedPnpm(), 'publish:check'], {
    cwd: workspaceRoot,
    env,
    timeoutMs: 240_000,
  });
  expect(result.code, describeRun(result)).toBe(0);
  const published = [...result.stdout.matchAll(/^\+ (@pum\/[\w-]+@\S+)$/gm)].map((match) => match[1]);
  const expected = packages.map(({ name, version }) => `${name}@${version}`);
  expect(published.sort(), describeRun(result)).toEqual(expected.sort());
  for (const { version } of packages) expect(version).not.toBe('0.0.0');
});
