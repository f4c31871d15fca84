import { randomBytes } from 'node:crypto';
import type { ServerHandle } from './server-handle.js';

/**
 * The `postgis/postgis` image for a major. PostGIS 3.5 covers PostgreSQL 13–17; 18 needs
 * 3.6.
 */
export function dockerImage(major: number | undefined): string {
  const pg = major ?? 17;
  return `postgis/postgis:${pg}-${pg >= 18 ? '3.6' : '3.5'}`;
}

/**
 * A PostGIS container through testcontainers (loaded only now, so its absence costs nothing).
 * Ryuk removes the container if this process dies.
 */
export async function startDocker(
  major: number | undefined,
  logger: ((line: string) => void) | undefined,
): Promise<ServerHandle> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const image = dockerImage(major);
  logger?.(`starting container ${image}`);
  const container = await new PostgreSqlContainer(image)
    .withDatabase('postgres')
    .withUsername('postgres')
    // Travels in the container's environment through the Docker API, not on a command line.
    .withPassword(randomBytes(12).toString('hex'))
    .withCommand([
      'postgres',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ])
    // PGDATA is under /var/lib/postgresql for every major (…/data up to 17, …/18/docker from 18).
    .withTmpFs({ '/var/lib/postgresql': 'rw' })
    .start();
  return {
    backend: 'docker',
    url: container.getConnectionUri(),
    stop: async () => {
      await container.stop();
    },
  };
}
