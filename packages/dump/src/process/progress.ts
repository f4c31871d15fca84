/**
 * Progress of pg_dump and pg_restore, read from what they print with `--verbose`:
 * `pg_dump: dumping contents of table "app.pipes"`, `pg_restore: processing data for table
 * "app.pipes"`, `pg_restore: creating TABLE "app.pipes"`.
 */

import type { PgToolName } from '../tools/tool-locations.js';

/**
 * A progress event of {@link dumpDatabase}, {@link restoreDatabase} or {@link cloneDatabase}.
 *
 * - `table-data`: the rows of one table start being dumped or restored; `done` counts the
 *   tables so far (this one included), `total` is known when restoring from a file.
 * - `object`: an object is being created (restore, and plain-format dumps), e.g. `TABLE`
 *   `app.pipes`, `INDEX` `app.pipes_geom_idx`.
 * - `step`: a stage of the operation begins (`listing the archive`, `copying rows of extension
 *   tables`, `creating database "x"`…).
 *
 * Names are shown as the programs print them (`schema.name`, unquoted).
 *
 * @example
 * ```ts
 * await restoreDatabase({
 *   connection, file: 'qwat.backup',
 *   onProgress: (event) => {
 *     if (event.type === 'table-data') bar.update(event.done, { total: event.total });
 *   },
 * });
 * ```
 */
export type DumpProgressEvent =
  | {
      readonly type: 'table-data';
      readonly tool: PgToolName;
      readonly table: string;
      readonly done: number;
      readonly total: number | undefined;
    }
  | { readonly type: 'object'; readonly tool: PgToolName; readonly objectType: string; readonly name: string }
  | { readonly type: 'step'; readonly message: string };

/** What one verbose line says, before counting. */
export type VerboseLine =
  | { readonly kind: 'table-data'; readonly table: string }
  | { readonly kind: 'object'; readonly objectType: string; readonly name: string };

const TABLE_DATA = /^pg_(?:dump: dumping contents of table|restore: processing data for table) "?(.*?)"?$/;
const CREATING = /^pg_(?:dump|restore): creating ([A-Z][A-Z ]*?) "(.*)"$/;

/**
 * Read one stderr line of `pg_dump --verbose` or `pg_restore --verbose`.
 *
 * @returns `undefined` for lines that are not progress (other steps, warnings, errors).
 * @example
 * ```ts
 * parseVerboseLine('pg_restore: creating TABLE "app.pipes"');
 * // { kind: 'object', objectType: 'TABLE', name: 'app.pipes' }
 * ```
 */
export function parseVerboseLine(line: string): VerboseLine | undefined {
  const data = TABLE_DATA.exec(line);
  if (data) return { kind: 'table-data', table: data[1] as string };
  const creating = CREATING.exec(line);
  if (creating) return { kind: 'object', objectType: creating[1] as string, name: creating[2] as string };
  return undefined;
}

/** Turns verbose lines into events, counting tables. */
export class ProgressCounter {
  #done = 0;

  constructor(
    private readonly tool: PgToolName,
    private readonly total: number | undefined,
    private readonly emit: ((event: DumpProgressEvent) => void) | undefined,
  ) {}

  /** Tables whose rows were started so far. */
  get tables(): number {
    return this.#done;
  }

  /** Feed one stderr line. */
  line(line: string): void {
    const parsed = parseVerboseLine(line);
    if (parsed === undefined) return;
    if (parsed.kind === 'table-data') {
      this.#done++;
      this.emit?.({
        type: 'table-data',
        tool: this.tool,
        table: parsed.table,
        done: this.#done,
        total: this.total,
      });
    } else {
      this.emit?.({ type: 'object', tool: this.tool, objectType: parsed.objectType, name: parsed.name });
    }
  }
}
