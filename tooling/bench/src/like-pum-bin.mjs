// @ts-check
/**
 * Imported first by the children that stand for a `pum` command, so that they load `pg` as
 * the `pum` bin does (`packages/cli/bin/pum.js`): on Node 20, which has no `navigator`, the bin
 * gives it the one Node 21 and later define, and `pg` then skips constructing a `Response` to
 * tell Cloudflare Workers from Node (≈35 ms of loading Node's fetch).
 */
const global = /** @type {{ navigator?: { userAgent: string } }} */ (globalThis);
global.navigator ??= { userAgent: `Node.js/${process.versions.node.split('.')[0]}` };
