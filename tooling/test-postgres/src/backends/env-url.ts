import type { ServerHandle } from './server-handle.js';

/** The server named by `PUM_TEST_DATABASE_URL`, used as it is; nothing to stop. */
export function useEnvUrl(url: string): ServerHandle {
  return { backend: 'env-url', url, stop: async () => {} };
}
