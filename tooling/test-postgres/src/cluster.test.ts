import { expect, test } from 'vitest';
import { clusterSettings } from './cluster.js';

test('settings: local only, our socket directory, no durability', () => {
  const settings = clusterSettings("/tmp/it's here");
  expect(settings).toContain("listen_addresses = '127.0.0.1'");
  expect(settings).toContain("unix_socket_directories = '/tmp/it''s here'");
  expect(settings).toMatch(/^fsync = off$/m);
  expect(settings).toMatch(/^synchronous_commit = off$/m);
  expect(settings).toMatch(/^full_page_writes = off$/m);
});
