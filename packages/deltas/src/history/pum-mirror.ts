/**
 * PUM's own history table, kept up to date by pum beside its own: the statements that record an
 * applied file (PUM 0.x: one row per file) or an applied version (PUM 1.x: one row per version
 * directory, once its last file ran) or a baseline in PUM's table, in the transaction that
 * records pum's row. Each such statement also links pum's rows to PUM's: their `source` becomes
 * the tag adoption gives PUM's row (`pum0:<table>#<id>`, `pum1:<table>#<id>/<file>`), so the next
 * run, reading PUM's table, finds them already recorded and adopts nothing.
 */
import { relative } from 'node:path';
import { compareVersions, qualifiedName, quoteLiteral, type Version } from '@pum/core';
import type { DeltaFile } from '../module/delta-file.js';
import type { TableName } from './history-table.js';
import { pum0InsertSql, pum0TableDdl, pum0TypeOf } from './pum0-write.js';
import { PUM1_COLUMNS, pum1InsertSql, pum1TableDdl } from './pum1-write.js';
import { pumSourcePrefix } from './source-tag.js';

/** The PUM table a run writes, and what it needs to know to write it. */
export interface PumMirrorTarget {
  format: 'pum0' | 'pum1';
  table: TableName;
  /** Its columns; `undefined` when it does not exist yet (created with the first row). */
  columns: readonly string[] | undefined;
  /** pum's history table, whose rows are linked. */
  ours: TableName;
  /** The module as pum's rows name it. */
  module: string;
  /** PUM 1.x: the module name PUM records (`pum.module`). */
  pumModule?: string;
  /** PUM 1.x: the files of each version directory, in order, keyed by version text. */
  versions?: ReadonlyMap<string, readonly DeltaFile[]>;
  /**
   * PUM 1.x: the application-only releases (`APP_ONLY_RELEASE`, no files) that PUM's table does
   * not record yet. PUM records them as versions without files; one below a version pum records
   * is recorded with it, else PUM 1.8 would find a version below the installed one unrecorded.
   */
  appOnlyVersions?: readonly Version[];
  /**
   * The directory PUM's recorded paths are relative to: where PUM was run from, given the
   * directories as pum was. Default: the current working directory.
   */
  cwd?: string;
}

/** What a PUM 1.x version row records of the run. */
export interface PumRunValues {
  parameters: Record<string, unknown>;
  betaTesting: boolean;
}

/** The path PUM recorded for a file: as PUM, run from `cwd` with the same directories, saw it. */
function pumPath(file: DeltaFile, cwd: string): string {
  return relative(cwd, file.absolutePath) || file.absolutePath;
}

/** Writes PUM's history table alongside pum's. */
export class PumMirror {
  private exists: boolean;
  private createdInTransaction = false;
  private readonly columns: readonly string[];
  private readonly cwd: string;
  /** Application-only releases recorded: committed, and in the open transaction. */
  private appOnlyDone = new Set<string>();
  private appOnlyInTransaction = new Set<string>();

  constructor(readonly target: PumMirrorTarget) {
    this.exists = target.columns !== undefined;
    this.columns = target.columns ?? (target.format === 'pum1' ? PUM1_COLUMNS : PUM0_COLUMNS);
    this.cwd = target.cwd ?? process.cwd();
  }

  /**
   * The statements (each ending with `;`) that record `file` in PUM's table and link pum's
   * latest successful row of it, for the transaction that wrote that row; `''` when PUM would
   * record nothing for it (PUM 1.x: until the last file of its version).
   */
  fileSql(file: DeltaFile, run: PumRunValues): string {
    const { target } = this;
    if (target.format === 'pum0') {
      const type = pum0TypeOf(file);
      if (type === undefined || file.version === undefined) return '';
      const insert = pum0InsertSql(target.table, this.columns, {
        version: file.version.text,
        description: file.name,
        type,
        script: pumPath(file, this.cwd),
        checksum: file.pum0Checksum,
      });
      return `${this.tableSql()}${this.linkSql(insert, [[file.path, '']])};\n`;
    }
    if (file.kind !== 'delta' || file.version === undefined) return '';
    const files = target.versions?.get(file.version.text);
    if (!files || files[files.length - 1] !== file) return '';
    // PUM 1.x ran and recorded the SQL files of a version directory.
    const sql = files.filter((f) => f.language === 'sql');
    const recorded = sql.map((f) => pumPath(f, this.cwd));
    const insert = pum1InsertSql(target.table, this.columns, {
      module: target.pumModule ?? target.module,
      version: file.version.text,
      betaTesting: run.betaTesting,
      changelogFiles: recorded,
      parameters: run.parameters,
    });
    return `${this.tableSql()}${this.appOnlySql(file.version, run)}${this.linkSql(
      insert,
      sql.map((f, i) => [f.path, `/${recorded[i]}`]),
    )};\n`;
  }

  /**
   * The statements (each ending with `;`) that record a baseline at `version` in PUM's table and
   * link pum's row `ourId` to it.
   */
  baselineSql(version: string, ourId: number): string {
    const { target } = this;
    const insert =
      target.format === 'pum0'
        ? pum0InsertSql(target.table, this.columns, {
            version,
            description: 'baseline',
            type: 0,
            script: '',
            checksum: '',
          })
        : pum1InsertSql(target.table, this.columns, {
            module: target.pumModule ?? target.module,
            version,
            betaTesting: false,
            changelogFiles: [],
            parameters: {},
          });
    const ours = qualifiedName(target.ours.schema, target.ours.name);
    return `${this.tableSql()}WITH pum_row AS (${insert})
UPDATE ${ours} SET source = ${this.prefix()} || pum_row.id::text, note = ${this.note()}
  FROM pum_row WHERE ${ours}.id = ${quoteLiteral(ourId)}::bigint;\n`;
  }

  /** Rows of the application-only releases below `version` not recorded yet, each ending with `;`. */
  private appOnlySql(version: Version, run: PumRunValues): string {
    const below = (this.target.appOnlyVersions ?? []).filter(
      (v) =>
        compareVersions(v, version) < 0 &&
        !this.appOnlyDone.has(v.text) &&
        !this.appOnlyInTransaction.has(v.text),
    );
    for (const v of below) this.appOnlyInTransaction.add(v.text);
    return below
      .map(
        (v) =>
          `${pum1InsertSql(this.target.table, this.columns, {
            module: this.target.pumModule ?? this.target.module,
            version: v.text,
            betaTesting: run.betaTesting,
            changelogFiles: [],
            parameters: run.parameters,
          })};\n`,
      )
      .join('');
  }

  /** The DDL of PUM's table when it may not exist yet in the open transaction; `''` otherwise. */
  private tableSql(): string {
    if (this.exists || this.createdInTransaction) return '';
    this.createdInTransaction = true;
    return this.target.format === 'pum0' ? pum0TableDdl(this.target.table) : pum1TableDdl(this.target.table);
  }

  /** `pum0:<schema>.<table>#` / `pum1:…#` as an SQL literal: the tag adoption gives PUM's rows. */
  private prefix(): string {
    const { format, table } = this.target;
    return quoteLiteral(pumSourcePrefix(format, table));
  }

  /** The note of a linked row: the existing note, then where PUM's row is. */
  private note(): string {
    const where = `recorded in ${qualifiedName(this.target.table.schema, this.target.table.name)} too`;
    return `concat_ws('; ', note, ${quoteLiteral(where)})`;
  }

  /**
   * `insert` (returning PUM's id), then pum's latest successful row of each module path linked to
   * it: `source` = prefix, PUM's id and the given suffix.
   */
  private linkSql(insert: string, paths: readonly (readonly [string, string])[]): string {
    if (paths.length === 0) return insert;
    const ours = qualifiedName(this.target.ours.schema, this.target.ours.name);
    const rows = paths.map(([path, suffix]) => `(${quoteLiteral(path)}, ${quoteLiteral(suffix)})`).join(', ');
    return `WITH pum_row AS (${insert})
UPDATE ${ours} SET source = ${this.prefix()} || pum_row.id::text || f.suffix, note = ${this.note()}
  FROM pum_row, (VALUES ${rows}) AS f (path, suffix)
  WHERE ${ours}.id = (SELECT max(h.id) FROM ${ours} h
    WHERE h.module = ${quoteLiteral(this.target.module)} AND h.path = f.path AND h.success AND h.kind <> 'repair')`;
  }

  /** The mirror's state now, as a function that puts it back (see `HistoryWriter.checkpoint`). */
  checkpoint(): () => void {
    const { exists, createdInTransaction } = this;
    const done = new Set(this.appOnlyDone);
    const inTransaction = new Set(this.appOnlyInTransaction);
    return () => {
      this.exists = exists;
      this.createdInTransaction = createdInTransaction;
      this.appOnlyDone = done;
      this.appOnlyInTransaction = inTransaction;
    };
  }

  /** The caller's transaction committed: a table it created exists. */
  committed(): void {
    if (this.createdInTransaction) this.exists = true;
    this.createdInTransaction = false;
    for (const v of this.appOnlyInTransaction) this.appOnlyDone.add(v);
    this.appOnlyInTransaction.clear();
  }

  /** The caller's transaction rolled back. */
  rolledBack(): void {
    this.createdInTransaction = false;
    this.appOnlyInTransaction.clear();
  }
}

/** The columns of a PUM 0.x upgrades table as PUM 0.10 creates it. */
const PUM0_COLUMNS: readonly string[] = [
  'id',
  'version',
  'description',
  'type',
  'script',
  'checksum',
  'installed_by',
  'installed_on',
  'execution_time',
  'success',
];
