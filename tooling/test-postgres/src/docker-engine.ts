/**
 * Is there a container engine that answers? Decided in milliseconds, without loading
 * testcontainers: look for the usual sockets (or `DOCKER_HOST`) and ping the one found.
 */

import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** Where a Docker-compatible engine may be, as `DOCKER_HOST` would say it. */
export function dockerHostCandidates(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string[] {
  if (env.DOCKER_HOST) return [env.DOCKER_HOST];
  const sockets = [
    '/var/run/docker.sock',
    path.join(home, '.docker', 'run', 'docker.sock'),
    path.join(home, '.docker', 'desktop', 'docker.sock'),
    path.join(home, '.colima', 'default', 'docker.sock'),
    path.join(home, '.rd', 'docker.sock'),
    ...(env.XDG_RUNTIME_DIR
      ? [
          path.join(env.XDG_RUNTIME_DIR, 'docker.sock'),
          path.join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'),
        ]
      : []),
    '/run/podman/podman.sock',
  ];
  return sockets.filter((socket) => existsSync(socket)).map((socket) => `unix://${socket}`);
}

function pingSocket(socketPath: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function reachTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.on('connect', () => done(true));
    socket.on('timeout', () => done(false));
    socket.on('error', () => done(false));
  });
}

/**
 * The `DOCKER_HOST`-style address of an engine that answered, or `undefined`.
 *
 * @example
 * ```ts
 * if (await findDockerEngine()) {
 *   // testcontainers will work
 * }
 * ```
 */
export async function findDockerEngine(timeoutMs = 1_000): Promise<string | undefined> {
  for (const host of dockerHostCandidates()) {
    if (host.startsWith('unix://')) {
      if (await pingSocket(host.slice('unix://'.length), timeoutMs)) return host;
    } else if (host.startsWith('tcp://')) {
      const url = new URL(host.replace(/^tcp:/, 'http:'));
      // TLS or not, an open port is a good enough sign; testcontainers does the rest.
      if (await reachTcp(url.hostname, Number(url.port || 2375), timeoutMs)) return host;
    } else {
      // npipe:// or ssh://: cannot check cheaply, trust the user's setting
      return host;
    }
  }
  return undefined;
}
