/** `pum snapshot`: save a database's schema as a snapshot file. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options of `pum snapshot`. */
export interface SnapshotOptions {
  output?: string;
  excludeSchema: string[];
  includeSchema: string[];
  includeExtensionMembers?: boolean;
  jobs?: string;
}

/** Define `pum snapshot`. */
export function snapshotCommand(ctx: CommandContext): Command {
  return new Command('snapshot')
    .summary('save a database schema as a snapshot file')
    .description(
      'Read the schema of a database into a deterministic JSON snapshot, to commit, compare or check drift against.',
    )
    .argument(
      '[database]',
      'a connection: URL, conninfo or service name (default: -p, or the PG* environment)',
    )
    .option('-o, --output <file>', 'write the snapshot to a file (default: stdout)')
    .option('-N, --exclude-schema <glob>', 'leave out a schema (repeatable, globs)', collect, [])
    .option('--include-schema <glob>', 'read only these schemas (repeatable, globs)', collect, [])
    .option('--include-extension-members', 'also record objects that belong to extensions')
    .option('-j, --jobs <n>', 'connections reading the catalog at once, on one snapshot (default 3)')
    .addHelpText(
      'after',
      `
Examples:
  pum snapshot postgresql://localhost/qwat --output qwat-1.3.json
  pum snapshot qwat_prod -N public -o prod.json && pum check prod.json qwat_build`,
    )
    .action(async (database: string | undefined, options: SnapshotOptions) => {
      const { runSnapshot } = await import('../actions/snapshot.js');
      ctx.setExitCode(await runSnapshot(database, options, ctx));
    });
}
