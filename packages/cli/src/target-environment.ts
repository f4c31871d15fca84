/**
 * While pum runs deltas on a database, its own process environment names that database: code
 * deltas that start programs without the `env` they are given (`execSync('psql …')`) inherit
 * `process.env`, and the caller's `PGSERVICE` may name production during a rehearsal. The CLI owns
 * its process, so it — never a library — swaps the libpq variables for the run and restores them.
 */
import { childEnvironment } from '@pum/connect';

/**
 * Run `run` with `process.env`'s libpq variables naming `connection`: the caller's `PGSERVICE`,
 * `PGSERVICEFILE`, `PGPASSFILE`, `PGHOST`… removed, the target's `PGHOST` / `PGPORT` /
 * `PGDATABASE` / `PGUSER` (and `PGPASSWORD` when the connection has one) set; every variable
 * restored afterwards, however `run` ends.
 *
 * @example
 * ```ts
 * await withTargetEnvironment(resolved, () => applyDeltas(client, module, options));
 * ```
 */
export async function withTargetEnvironment<T>(
  connection: { readonly childEnv: Readonly<Record<string, string>> },
  run: () => Promise<T>,
): Promise<T> {
  const env = process.env;
  const target = childEnvironment(connection, env);
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !(name in target)) {
      saved.set(name, value);
      delete env[name];
    }
  }
  for (const [name, value] of Object.entries(target)) {
    if (env[name] !== value) {
      saved.set(name, env[name]);
      env[name] = value;
    }
  }
  try {
    return await run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  }
}
