/**
 * Differences of expression text that are not differences: the server prints what it stored,
 * and the same expression reaches the catalog in different shapes — `c = ANY (ARRAY[1, 2])` on an
 * `oid` column is stored as `(ARRAY[1, 2])::oid[]`, and a dump of it, restored, as
 * `ARRAY[(1)::oid, (2)::oid]`. {@link settleExpressions} asks a server to read both texts and
 * print them again; what it prints the same is moved out of the differences into
 * `report.equivalent`, raw texts kept. The server is reached only through the caller's
 * {@link ExpressionPrinter}: this package still opens no connection.
 */
import type { ObjectKind, Snapshot, SnapshotObject } from '@pum/introspect';
import type { ChangedObject, DiffReport, EquivalentExpression, FieldChange } from './report.js';

/** Where an expression is read: the table whose columns it names. */
export interface ExpressionSite {
  schema: string;
  table: string;
}

/**
 * Reads `expression` (a scalar expression over the columns of `site`) on a server and returns
 * it as the server prints it after reading it, or `undefined` when it cannot be read there.
 */
export type ExpressionPrinter = (site: ExpressionSite, expression: string) => Promise<string | undefined>;

/** The rule name under which settled expressions are counted in `report.ignored`. */
export const EQUIVALENT_EXPRESSIONS_RULE = 'equivalent expressions';

type Plain = Record<string, unknown>;

/** An expression field of a changed object: how to take the expression out of its text. */
interface Candidate {
  change: FieldChange;
  site: ExpressionSite;
  /** The expression in each side's text, and the rest of the text, which must be equal. */
  from: { expression: string; rest: string };
  to: { expression: string; rest: string };
}

/**
 * Split `CHECK (expr) [NOT VALID] [NO INHERIT]` into its expression and the rest, or undefined
 * when the text is not of that shape. Quotes are skipped when matching parentheses.
 */
export function splitCheck(definition: string): { expression: string; rest: string } | undefined {
  if (!definition.startsWith('CHECK (')) return undefined;
  let depth = 0;
  for (let i = 6; i < definition.length; i++) {
    const ch = definition[i];
    if (ch === "'" || ch === '"') {
      const close = definition.indexOf(ch, i + 1);
      if (close < 0) return undefined;
      i = close; // a doubled quote is two quoted runs back to back: the scan stays in step
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) {
      return { expression: definition.slice(7, i), rest: definition.slice(i + 1) };
    }
  }
  return undefined;
}

const whole = (text: unknown) => (typeof text === 'string' ? { expression: text, rest: '' } : undefined);

/** The expression fields of one changed object that may be settled. */
function candidatesOf(kind: ObjectKind, before: Plain, after: Plain, changes: FieldChange[]): Candidate[] {
  const site = { schema: String(after.schema), table: String(after.table) };
  const found: Candidate[] = [];
  for (const change of changes) {
    let pair: [ReturnType<typeof whole>, ReturnType<typeof whole>] | undefined;
    if (
      kind === 'constraints' &&
      change.field === 'definition' &&
      after.type === 'check' &&
      before.type === 'check'
    )
      pair = [splitCheck(String(change.from)), splitCheck(String(change.to))];
    else if (kind === 'columns' && (change.field === 'default' || change.field === 'generated.expression'))
      pair = [whole(change.from), whole(change.to)];
    else if (kind === 'indexes' && change.field === 'predicate')
      pair = [whole(change.from), whole(change.to)];
    const [from, to] = pair ?? [];
    if (from && to && from.rest === to.rest) found.push({ change, site, from, to });
  }
  return found;
}

/**
 * An index's `definition` differs only through its predicate when putting the `to` predicate in
 * place of the `from` one in the `from` definition gives the `to` definition.
 */
function definitionFollowsPredicate(before: Plain, after: Plain): boolean {
  const { definition: a, predicate: p } = before;
  const { definition: b, predicate: q } = after;
  if (typeof a !== 'string' || typeof b !== 'string' || typeof p !== 'string' || typeof q !== 'string')
    return false;
  const at = a.lastIndexOf(p);
  return at >= 0 && `${a.slice(0, at)}${q}${a.slice(at + p.length)}` === b;
}

/**
 * Move the expression differences that are the same expression printed two ways out of
 * `report.differences` into `report.equivalent` (raw texts kept) and count them in
 * `report.ignored` as {@link EQUIVALENT_EXPRESSIONS_RULE}. Compared: check constraints'
 * `definition` (the rest of the text — `NOT VALID`, `NO INHERIT` — must be equal), columns'
 * `default` and `generated.expression`, indexes' `predicate` (and their `definition` when it
 * differs only there). Every other difference, and every expression the printer cannot read,
 * stays as it was.
 *
 * @param from - the snapshot the report's `from` side was taken from.
 * @param to - the snapshot of its `to` side.
 * @example
 * ```ts
 * const report = diffSnapshots(copy, reference);
 * await settleExpressions(report, copy, reference, (site, text) => printOnServer(client, site, text));
 * ```
 */
export async function settleExpressions(
  report: DiffReport,
  from: Snapshot,
  to: Snapshot,
  print: ExpressionPrinter,
): Promise<DiffReport> {
  const settled: EquivalentExpression[] = [];
  const cache = new Map<string, Promise<string | undefined>>();
  const printed = (site: ExpressionSite, expression: string) => {
    const id = JSON.stringify([site.schema, site.table, expression]);
    let result = cache.get(id);
    if (result === undefined) {
      result = print(site, expression);
      cache.set(id, result);
    }
    return result;
  };
  for (const differences of report.differences) {
    const kind = differences.kind;
    if (kind !== 'constraints' && kind !== 'columns' && kind !== 'indexes') continue;
    if (differences.changed.length === 0) continue;
    const before = byKey(from.objects[kind]);
    const after = byKey(to.objects[kind]);
    const kept: ChangedObject[] = [];
    for (const object of differences.changed) {
      const a = before.get(object.key) as Plain | undefined;
      const b = after.get(object.key) as Plain | undefined;
      const equal = new Set<FieldChange>();
      for (const candidate of a && b ? candidatesOf(kind, a, b, object.changes) : []) {
        // Sequentially: the printer owns one session, and most reports have few such fields.
        const x = await printed(candidate.site, candidate.from.expression);
        const y = await printed(candidate.site, candidate.to.expression);
        if (x === undefined || x !== y) continue;
        equal.add(candidate.change);
        settled.push({
          kind,
          key: object.key,
          name: object.name,
          field: candidate.change.field,
          from: String(candidate.change.from),
          to: String(candidate.change.to),
          printed: x,
        });
      }
      if (kind === 'indexes' && a && b && [...equal].some((c) => c.field === 'predicate')) {
        const definition = object.changes.find((c) => c.field === 'definition');
        if (definition && definitionFollowsPredicate(a, b)) equal.add(definition);
      }
      const changes = object.changes.filter((change) => !equal.has(change));
      if (changes.length > 0) kept.push({ ...object, changes });
    }
    differences.changed = kept;
  }
  if (settled.length === 0) return report;
  report.differences = report.differences.filter(
    (k) => k.added.length + k.removed.length + k.changed.length > 0,
  );
  const kinds: DiffReport['summary']['kinds'] = {};
  const total = { added: 0, removed: 0, changed: 0 };
  for (const k of report.differences) {
    kinds[k.kind] = { added: k.added.length, removed: k.removed.length, changed: k.changed.length };
    total.added += k.added.length;
    total.removed += k.removed.length;
    total.changed += k.changed.length;
  }
  report.summary = { ...total, kinds };
  report.equivalent = [...report.equivalent, ...settled];
  report.ignored = [
    ...report.ignored,
    { rule: EQUIVALENT_EXPRESSIONS_RULE, source: 'server', differences: settled.length },
  ];
  return report;
}

function byKey(list: readonly SnapshotObject[]): Map<string, SnapshotObject> {
  return new Map(list.map((object) => [object.key, object]));
}
