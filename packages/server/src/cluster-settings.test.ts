import { expect, test } from 'vitest';
import { clusterSettings } from './cluster-settings.js';

test('a throwaway cluster: local only, our socket directory, no durability', () => {
  const settings = clusterSettings({ socketDir: "/tmp/it's here", durable: false });
  expect(settings).toContain("listen_addresses = '127.0.0.1'");
  expect(settings).toContain("unix_socket_directories = '/tmp/it''s here'");
  expect(settings).toMatch(/^fsync = off$/m);
  expect(settings).toMatch(/^synchronous_commit = off$/m);
  expect(settings).toMatch(/^full_page_writes = off$/m);
});

test('a durable cluster without socket keeps crash safety and listens on TCP only', () => {
  const settings = clusterSettings({ durable: true });
  expect(settings).toContain("unix_socket_directories = ''");
  expect(settings).not.toMatch(/fsync|synchronous_commit|full_page_writes/);
});
