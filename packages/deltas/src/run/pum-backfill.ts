/**
 * Before a run: files pum applied without recording them in PUM's table (by a pum version that
 * did not keep PUM's tables yet) are recorded there now, as PUM would have recorded them, so that
 * PUM taking over sees everything applied. Files whose PUM row exists are left alone.
 */
import { type Queryable, qualifiedName } from '@pum/core';
import type pg from 'pg';
import type { PumMirror, PumRunValues } from '../history/pum-mirror.js';
import { pum0TypeOf } from '../history/pum0-write.js';
import type { DeltaFile } from '../module/delta-file.js';
import type { UpgradePlan } from './plan.js';

/** The files applied by pum whose row in pum's history is not linked to PUM's table. */
function unlinked(plan: UpgradePlan): DeltaFile[] {
  return plan.files
    .filter((p) => (p.status === 'applied' || p.status === 'changed') && p.history?.source === 'pum')
    .map((p) => p.file);
}

/** What PUM's table already records: PUM 0.x `version|description|type`, PUM 1.x versions. */
async function recorded(db: Queryable, mirror: PumMirror): Promise<Set<string>> {
  const { table, columns, format } = mirror.target;
  if (!columns) return new Set();
  const q = qualifiedName(table.schema, table.name);
  const success = columns.includes('success') ? 'coalesce(success, true)' : 'true';
  const { rows } = await db.query<{ key: string }>(
    format === 'pum0'
      ? `SELECT concat_ws('|', trim(version), description, type) AS key FROM ${q} WHERE ${success}`
      : `SELECT trim(version) AS key FROM ${q}`,
  );
  return new Set(rows.map((r) => r.key));
}

/**
 * Record in PUM's table, in one transaction, what pum applied without recording it there; returns
 * how many rows were written.
 */
export async function backfillPumTable(
  client: pg.ClientBase,
  mirror: PumMirror,
  plan: UpgradePlan,
  run: PumRunValues,
): Promise<number> {
  const files = unlinked(plan);
  if (files.length === 0) return 0;
  const present = await recorded(client, mirror);
  const statements: string[] = [];
  if (mirror.target.format === 'pum0') {
    for (const file of files) {
      const type = pum0TypeOf(file);
      if (type === undefined || !file.version) continue;
      if (present.has(`${file.version.text}|${file.name}|${type}`)) continue;
      statements.push(mirror.fileSql(file, run));
    }
  } else {
    const applied = new Set(
      plan.files.filter((p) => p.status === 'applied' || p.status === 'changed').map((p) => p.file),
    );
    const pending = new Set(files);
    for (const [version, versionFiles] of mirror.target.versions ?? []) {
      const sql = versionFiles.filter((f) => f.language === 'sql');
      const last = versionFiles[versionFiles.length - 1];
      // A version pum applied in full, some of it unrecorded, that PUM's table does not hold.
      if (!last || present.has(version) || !versionFiles.every((f) => applied.has(f))) continue;
      if (!sql.some((f) => pending.has(f))) continue;
      statements.push(mirror.fileSql(last, run));
    }
  }
  const sql = statements.filter((s) => s !== '');
  if (sql.length === 0) return 0;
  try {
    await client.query(`BEGIN;\n${sql.join('')}COMMIT;`);
    mirror.committed();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    mirror.rolledBack();
    throw error;
  }
  return sql.length;
}
