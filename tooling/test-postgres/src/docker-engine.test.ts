import { expect, test } from 'vitest';
import { dockerImage } from './backends/docker.js';
import { dockerHostCandidates } from './docker-engine.js';

test('DOCKER_HOST wins over socket guessing', () => {
  expect(dockerHostCandidates({ DOCKER_HOST: 'tcp://10.0.0.2:2376' }, '/nowhere')).toEqual([
    'tcp://10.0.0.2:2376',
  ]);
});

test('only sockets that exist are candidates', () => {
  const candidates = dockerHostCandidates({ XDG_RUNTIME_DIR: '/nonexistent-run' }, '/nonexistent-home');
  expect(candidates.every((host) => host.startsWith('unix://'))).toBe(true);
  expect(candidates.some((host) => host.includes('nonexistent'))).toBe(false);
});

test('postgis images', () => {
  expect(dockerImage(undefined)).toBe('postgis/postgis:17-3.5');
  expect(dockerImage(14)).toBe('postgis/postgis:14-3.5');
  expect(dockerImage(18)).toBe('postgis/postgis:18-3.6');
});
