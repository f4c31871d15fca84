import { describe, expect, test } from 'vitest';
import type { BinDir } from './find-binaries.js';
import { pickClientTools, planBackends } from './plan-backends.js';

const local = (major: number, extra: Partial<BinDir> = {}): BinDir => ({
  dir: `/usr/lib/postgresql/${major}/bin`,
  version: `${major}.1`,
  major,
  source: 'local',
  canRunServer: true,
  hasClientTools: true,
  hasPostgis: false,
  ...extra,
});
const embedded = (major: number): BinDir => ({
  dir: `/npm/embedded-${major}/bin`,
  version: `${major}.2`,
  major,
  source: 'embedded',
  canRunServer: true,
  hasClientTools: false,
  hasPostgis: false,
});
const shape = (steps: ReturnType<typeof planBackends>) =>
  steps.map((step) =>
    step.kind === 'docker' ? `docker:${step.major ?? '-'}` : `${step.kind}:${step.binDir.major}`,
  );
const allEmbedded = [18, 17, 16, 15, 14].map(embedded);

describe('planBackends', () => {
  test('without a major: newest installed, then Docker, then newest embedded', () => {
    expect(
      shape(planBackends({ postgis: false, local: [local(14), local(16)], embedded: allEmbedded })),
    ).toEqual(['local:16', 'docker:-', 'embedded:18']);
  });

  test('PostGIS wanted: installed with PostGIS beats a newer one without', () => {
    const dirs = [local(16), local(15, { hasPostgis: true })];
    expect(shape(planBackends({ postgis: true, local: dirs, embedded: allEmbedded }))).toEqual([
      'local:15',
      'docker:-',
      'local:16',
      'embedded:18',
    ]);
  });

  test('PostGIS wanted and nowhere installed: Docker before installed programs', () => {
    expect(
      shape(planBackends({ major: 15, postgis: true, local: [local(15)], embedded: allEmbedded })),
    ).toEqual(['docker:15', 'local:15', 'embedded:15']);
  });

  test('a requested major not installed falls to Docker, then embedded of that major', () => {
    const steps = planBackends({
      major: 16,
      postgis: true,
      local: [local(15, { hasPostgis: true })],
      embedded: allEmbedded,
    });
    expect(shape(steps)).toEqual(['docker:16', 'embedded:16']);
  });

  test('directories that cannot run a server are not used', () => {
    const clientOnly = local(17, { canRunServer: false });
    expect(shape(planBackends({ postgis: false, local: [clientOnly], embedded: [] }))).toEqual(['docker:-']);
  });

  test('an impossible major gives nothing to try', () => {
    expect(planBackends({ major: 9, postgis: false, local: [local(15)], embedded: allEmbedded })).toEqual([]);
  });
});

describe('pickClientTools', () => {
  const dirs = [local(15), local(17), local(16, { hasClientTools: false })];

  test('same major first', () => {
    expect(pickClientTools(dirs, 15)?.major).toBe(15);
  });

  test('else the oldest newer one', () => {
    expect(pickClientTools(dirs, 16)?.major).toBe(17);
  });

  test('never an older one', () => {
    expect(pickClientTools(dirs, 18)).toBeUndefined();
  });
});
