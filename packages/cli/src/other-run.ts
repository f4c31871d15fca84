/** How `upgrade` and `install` tell that another run did their work while they waited. */
import type { UpgradeReport } from '@pum/deltas';

type OtherRun = NonNullable<UpgradeReport['otherRun']>;

/** The `otherRun` field of `--json`. */
export function otherRunJson(other: OtherRun): {
  version: string | null;
  at: string | null;
  applied: { path: string; version: string | null }[];
} {
  return {
    version: other.version ?? null,
    at: other.at?.toISOString() ?? null,
    applied: other.applied.map((f) => ({ path: f.path, version: f.version ?? null })),
  };
}

/**
 * The line saying so: `another run installed app (version 1.2.0 at …); this run applied nothing`
 * or `already up to date: another run applied 3 file(s) (now at 1.2.0, …) while this one waited`.
 */
export function otherRunMessage(other: OtherRun, command: 'install' | 'upgrade', module?: string): string {
  const at = other.at ? ` at ${other.at.toISOString()}` : '';
  if (command === 'install') {
    return `another run installed ${module ?? 'the module'} (version ${other.version ?? 'unknown'}${at}) while this one waited for the lock; this run applied nothing`;
  }
  const files = other.applied.map((f) => f.path).join(', ');
  return `already up to date: another run applied ${other.applied.length} file(s) (${files}; now at ${other.version ?? 'unknown'}${at}) while this one waited for the lock; this run applied nothing`;
}
