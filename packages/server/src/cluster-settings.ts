/** What we add to a new cluster's `postgresql.conf`. */

/** Options of {@link clusterSettings}. */
export interface ClusterSettingsOptions {
  /** The directory of the Unix socket; without it, the server listens on TCP only. */
  socketDir?: string | undefined;
  /** Keep crash safety (`fsync` and friends). A throwaway server's data is thrown away anyway. */
  durable: boolean;
}

/**
 * The lines added to `postgresql.conf`: listen on 127.0.0.1 only, our own socket directory
 * (or none), and, unless `durable`, no crash safety.
 *
 * @example
 * ```ts
 * clusterSettings({ socketDir: '/tmp/pum-pg-x/socket', durable: false });
 * // "…listen_addresses = '127.0.0.1'\nunix_socket_directories = '/tmp/pum-pg-x/socket'\nfsync = off…"
 * ```
 */
export function clusterSettings(options: ClusterSettingsOptions): string {
  const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;
  return [
    '',
    '# added by @pum/server',
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = ${literal(options.socketDir ?? '')}`,
    ...(options.durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
    'max_connections = 200',
    '',
  ].join('\n');
}
