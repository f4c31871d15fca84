/**
 * What another run did while this one waited for the upgrade lock: a run that finds, once it
 * holds the lock, that the work it came to do is done says so instead of claiming it.
 */
import type { DeltaFile } from '../module/delta-file.js';
import type { UpgradePlan } from './plan.js';

/** The work another run did while this one waited for the lock; this run applied nothing. */
export interface OtherRunReport {
  /** The module's version now. */
  version: string | undefined;
  /** When the last of those files finished, as recorded in history. */
  at: Date | null;
  /** The files it applied that this run had found pending. */
  applied: { path: string; version: string | undefined }[];
}

/** The versioned files of a run (those every upgrade runs are left out). */
export function versionedFiles(files: readonly DeltaFile[]): DeltaFile[] {
  return files.filter((f) => f.version !== undefined);
}

/**
 * What another run applied of `pending` (files found pending before the lock was taken),
 * according to `plan` (made once it was taken); `undefined` when it applied none of them or
 * when something versioned is still pending.
 */
export function otherRunReport(plan: UpgradePlan, pending: readonly DeltaFile[]): OtherRunReport | undefined {
  if (versionedFiles(plan.toRun).length > 0) return undefined;
  const byPath = new Map(plan.files.map((p) => [p.file.path, p]));
  const done = pending
    .map((file) => byPath.get(file.path))
    .filter((p) => p !== undefined && p.status === 'applied');
  if (done.length === 0) return undefined;
  const times = done.map((p) => p?.history?.finishedAt?.getTime() ?? 0).filter((t) => t > 0);
  return {
    version: plan.currentVersion,
    at: times.length > 0 ? new Date(Math.max(...times)) : null,
    applied: done.map((p) => ({ path: p?.file.path ?? '', version: p?.file.version?.text })),
  };
}
