// @ts-check
/**
 * What `pnpm pum` builds before it runs pum from a clone: the JavaScript of every package under
 * `packages/` whose sources are newer than its `dist/`, with each package's own build script and
 * tsup config but without type declarations and without rollup's tree-shaking pass — together
 * ≈90% of a full build's CPU time, and `pum` needs neither. `pnpm build` (and so `pnpm test`
 * and `pnpm release`) still makes both for publishing. No turbo: when nothing changed, this
 * costs a few milliseconds of `stat`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';

/** What a package's JavaScript is built from, relative to the package. */
const packageInputs = ['src', 'package.json', 'tsconfig.json', 'tsup.config.ts', 'scripts'];
/** What every package's build reads, relative to the repository. */
const sharedInputs = ['tooling/build/tsup.preset.js', 'tooling/build/tsconfig.base.json'];

/**
 * The newest modification time (ms since the epoch) of `path` or of any file below it
 * (`node_modules` and `dist` skipped); 0 when it does not exist.
 * @param {string} path
 * @returns {number}
 */
export function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * A package of the repository that `pum` needs built.
 * @typedef {{ name: string, dir: string, buildScript: string }} DevPackage
 */

/**
 * The packages under `<root>/packages` whose `dist/index.js` is missing or older than one of
 * their inputs (their `src/`, configs and scripts, the shared build preset; for a package whose
 * build copies the repository's `examples/`, those too).
 * @param {string} root the repository
 * @returns {DevPackage[]}
 */
export function stalePackages(root) {
  const shared = Math.max(...sharedInputs.map((input) => newestMtime(join(root, input))));
  const stale = [];
  for (const entry of readdirSync(join(root, 'packages')).sort()) {
    const dir = join(root, 'packages', entry);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    const buildScript = pkg.scripts?.build;
    if (typeof buildScript !== 'string') continue;
    const inputs = packageInputs.map((input) => join(dir, input));
    if (buildScript.includes('copy-examples')) inputs.push(join(root, 'examples'));
    const newestInput = Math.max(shared, ...inputs.map(newestMtime));
    const built = newestMtime(join(dir, 'dist', 'index.js'));
    if (built === 0 || built < newestInput) stale.push({ name: pkg.name, dir, buildScript });
  }
  return stale;
}

/**
 * A package's build script with tsup told to skip declarations and keep quiet.
 * @param {string} script e.g. `tsup && node scripts/copy-examples.mjs`
 * @returns {string}
 */
export function javascriptOnly(script) {
  if (!/^tsup(\s|$)/.test(script)) {
    throw new Error(`the build script does not start with tsup: ${script}`);
  }
  return script.replace(/^tsup/, 'tsup --no-dts --no-clean --silent');
}

/**
 * Build the packages' JavaScript, `jobs` at a time (one per CPU by default). Resolves to the
 * failures, each with the build's output.
 * @param {DevPackage[]} packages
 * @param {{ jobs?: number, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ name: string, output: string }[]>}
 */
export async function buildJavascript(packages, options = {}) {
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const env = options.env ?? process.env;
  const queue = [...packages];
  /** @type {{ name: string, output: string }[]} */
  const failures = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const result = await runScript(next, env);
      if (result.code !== 0) failures.push({ name: next.name, output: result.output });
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, packages.length) }, worker));
  return failures;
}

/**
 * @param {DevPackage} pkg
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number, output: string }>}
 */
function runScript(pkg, env) {
  return new Promise((resolve) => {
    const bin = join(pkg.dir, 'node_modules', '.bin');
    const child = spawn('sh', ['-c', javascriptOnly(pkg.buildScript)], {
      cwd: pkg.dir,
      // The preset (tsup.preset.js) then skips declarations and rollup's tree-shaking pass.
      env: { ...env, PUM_BUILD_RUN_ONLY: '1', PATH: `${bin}${delimiter}${env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => resolve({ code: 1, output: error.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
