/**
 * What the delta runner needs to know about a statement before running it: whether it controls
 * the transaction itself, and whether PostgreSQL refuses to run it inside a transaction block.
 * Recognition works on lexed words, so comments, case and line breaks do not matter.
 */

import { lexSql } from './lexer.js';

/** A transaction-control statement, by what it does. */
export type TransactionControl =
  /** `BEGIN`, `START TRANSACTION`. */
  | 'begin'
  /** `COMMIT`, `END`. */
  | 'commit'
  /** `ROLLBACK`, `ABORT`. */
  | 'rollback'
  /** `SAVEPOINT name`. */
  | 'savepoint'
  /** `RELEASE [SAVEPOINT] name`. */
  | 'release'
  /** `ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name`. */
  | 'rollback-to'
  /** `PREPARE TRANSACTION 'id'`. */
  | 'prepare-transaction'
  /** `COMMIT PREPARED 'id'`. */
  | 'commit-prepared'
  /** `ROLLBACK PREPARED 'id'`. */
  | 'rollback-prepared';

/**
 * The significant pieces of a statement: words in lower case, one entry per punctuation
 * character, and a marker for each literal (`'` string, `"` identifier, `$` dollar quote).
 */
function atoms(statement: string): string[] {
  const result: string[] = [];
  for (const token of lexSql(statement)) {
    const slice = statement.slice(token.start, token.end);
    switch (token.kind) {
      case 'word':
        result.push(slice.toLowerCase());
        break;
      case 'code':
        for (const c of slice) if (!/[\s\uFEFF]/.test(c)) result.push(c);
        break;
      case 'string':
        result.push("'");
        break;
      case 'identifier':
        result.push('"');
        break;
      case 'dollar':
        result.push('$');
        break;
      case 'comment':
        break;
      default:
        result.push(slice);
    }
  }
  return result;
}

/**
 * The first word of `statement`, lower-cased, when the statement starts with one (no leading
 * space or comment); `undefined` otherwise. A word is as the lexer reads it: a letter, `_` or
 * non-ASCII character, then those, digits and `$` — but a leading byte-order mark, which the
 * lexer skips at the start of a text, is left to it. Lets the classifiers below pass over most
 * statements without lexing them.
 */
function leadingWord(statement: string): string | undefined {
  const match = /^[A-Za-z_\u0080-\ufefe\uff00-\uffff][\w$\u0080-\uffff]*/.exec(statement);
  return match?.[0].toLowerCase();
}

/** Whether `statement` surely does not start with one of `words` (else it must be lexed). */
function startsElsewhere(statement: string, words: ReadonlySet<string>): boolean {
  const word = leadingWord(statement);
  return word !== undefined && !words.has(word);
}

const CONTROL_WORDS = new Set([
  'begin',
  'start',
  'commit',
  'end',
  'abort',
  'rollback',
  'savepoint',
  'release',
  'prepare',
]);

/**
 * Which transaction-control statement `statement` is, or `undefined`. Leading comments,
 * whitespace and case do not matter. `BEGIN ATOMIC` (the body of an SQL-standard function) is not
 * one, nor is `BEGIN`/`COMMIT` inside a dollar-quoted PL/pgSQL body. PUM 0.x files often carry
 * their own `BEGIN; … COMMIT;`.
 *
 * @example
 * ```ts
 * transactionControl('-- start\nbegin transaction isolation level serializable'); // 'begin'
 * transactionControl('END'); // 'commit'
 * transactionControl('ROLLBACK TO SAVEPOINT before_views'); // 'rollback-to'
 * transactionControl('CREATE TABLE t (a int)'); // undefined
 * ```
 */
export function transactionControl(statement: string): TransactionControl | undefined {
  if (startsElsewhere(statement, CONTROL_WORDS)) return undefined;
  const [first, second, third] = atoms(statement);
  switch (first) {
    case 'begin':
      return second === 'atomic' ? undefined : 'begin';
    case 'start':
      return second === 'transaction' ? 'begin' : undefined;
    case 'commit':
      return second === 'prepared' ? 'commit-prepared' : 'commit';
    case 'end':
      return 'commit';
    case 'abort':
      return 'rollback';
    case 'rollback':
      if (second === 'prepared') return 'rollback-prepared';
      if (second === 'to' || ((second === 'work' || second === 'transaction') && third === 'to')) {
        return 'rollback-to';
      }
      return 'rollback';
    case 'savepoint':
      return 'savepoint';
    case 'release':
      return 'release';
    case 'prepare':
      return second === 'transaction' ? 'prepare-transaction' : undefined;
    default:
      return undefined;
  }
}

/** The index after a parenthesised option list starting at `index`, or `index`. */
function skipOptions(words: readonly string[], index: number): number {
  if (words[index] !== '(') return index;
  let depth = 0;
  for (let i = index; i < words.length; i++) {
    if (words[i] === '(') depth++;
    else if (words[i] === ')' && --depth === 0) return i + 1;
  }
  return words.length;
}

/** Whether `word` occurs in `words` and is not switched off by a following `false`/`off`/`0`. */
function hasOption(words: readonly string[], word: string): boolean {
  return words.some(
    (w, i) =>
      w === word &&
      !['false', 'off', '0'].includes(words[i + 1] === '=' ? (words[i + 2] ?? '') : (words[i + 1] ?? '')),
  );
}

/** Whether `words` holds `sequence` as consecutive entries. */
function hasSequence(words: readonly string[], ...sequence: string[]): boolean {
  return words.some((_, i) => sequence.every((s, j) => words[i + j] === s));
}

const CANNOT = 'cannot run inside a transaction block';

/**
 * The first words of the statements {@link requiresNoTransaction} recognises, each with the
 * words one of which such a statement must also hold (`undefined`: always lexed). A statement
 * whose text holds none of them, in any case, is passed over without lexing: most of a delta's
 * statements are `CREATE`s and `ALTER`s that need a transaction no less than the rest.
 */
const NO_TRANSACTION_WORDS = new Map<string, RegExp | undefined>([
  ['create', /concurrently|database|tablespace|subscription/i],
  ['drop', /concurrently|database|tablespace|subscription/i],
  ['reindex', undefined],
  ['vacuum', undefined],
  ['cluster', undefined],
  ['alter', /system|tablespace|concurrently|publication/i],
  ['discard', undefined],
  ['commit', /prepared/i],
  ['rollback', /prepared/i],
]);

/** Whether `statement` surely is none of those {@link requiresNoTransaction} recognises. */
function surelyTransactional(statement: string): boolean {
  const word = leadingWord(statement);
  if (word === undefined) return false;
  if (!NO_TRANSACTION_WORDS.has(word)) return true;
  const also = NO_TRANSACTION_WORDS.get(word);
  return also !== undefined && !also.test(statement);
}

/**
 * Why PostgreSQL refuses to run `statement` inside a transaction block, or `undefined` when it
 * can. Recognised: `CREATE [UNIQUE] INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`,
 * `REINDEX … CONCURRENTLY`, `REINDEX SCHEMA|DATABASE|SYSTEM`, `VACUUM`, `CLUSTER` without a table,
 * `ALTER TABLE … DETACH PARTITION … CONCURRENTLY`, `ALTER SYSTEM`, `CREATE|DROP DATABASE`,
 * `ALTER DATABASE … SET TABLESPACE`, `CREATE|DROP TABLESPACE`, `DISCARD ALL`,
 * `COMMIT|ROLLBACK PREPARED`, and, conservatively, `CREATE SUBSCRIPTION` (unless
 * `create_slot`/`connect` is false), `DROP SUBSCRIPTION` and `ALTER SUBSCRIPTION … REFRESH
 * PUBLICATION`, which refuse a transaction only when they touch a replication slot or copy data.
 *
 * Not reported: `ALTER TYPE … ADD VALUE` runs in a transaction since PostgreSQL 12 (the new value
 * is usable only after commit); `CLUSTER` of a partitioned table (PostgreSQL 17+ refuses it in a
 * transaction) cannot be told from the text.
 *
 * @example
 * ```ts
 * requiresNoTransaction('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)');
 * // 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block'
 * requiresNoTransaction('CREATE INDEX i ON t (a)'); // undefined
 * ```
 */
export function requiresNoTransaction(statement: string): string | undefined {
  if (surelyTransactional(statement)) return undefined;
  const words = atoms(statement);
  const [first, second] = words;
  const reason = (what: string): string => `${what} ${CANNOT}`;
  switch (first) {
    case 'create': {
      const object = second === 'unique' ? words[2] : second;
      if (object === 'index' && words[second === 'unique' ? 3 : 2] === 'concurrently') {
        return reason('CREATE INDEX CONCURRENTLY');
      }
      if (second === 'database' || second === 'tablespace') return reason(`CREATE ${second.toUpperCase()}`);
      if (second === 'subscription') {
        const noSlot = ['create_slot', 'connect'].some((option) =>
          ['false', 'off', '0'].some((off) => hasSequence(words, option, '=', off)),
        );
        return noSlot ? undefined : `CREATE SUBSCRIPTION that creates a replication slot ${CANNOT}`;
      }
      return undefined;
    }
    case 'drop':
      if (second === 'index' && words[2] === 'concurrently') return reason('DROP INDEX CONCURRENTLY');
      if (second === 'database' || second === 'tablespace') return reason(`DROP ${second.toUpperCase()}`);
      if (second === 'subscription')
        return `DROP SUBSCRIPTION of a subscription with a replication slot ${CANNOT}`;
      return undefined;
    case 'reindex': {
      const object = words[skipOptions(words, 1)];
      if (object === 'schema' || object === 'database' || object === 'system') {
        return reason(`REINDEX ${object.toUpperCase()}`);
      }
      return hasOption(words, 'concurrently') ? reason('REINDEX CONCURRENTLY') : undefined;
    }
    case 'vacuum':
      return reason('VACUUM');
    case 'cluster': {
      const next = words[skipOptions(words, 1)];
      return next === undefined || next === ';' ? reason('CLUSTER without a table') : undefined;
    }
    case 'alter':
      if (second === 'system') return reason('ALTER SYSTEM');
      if (second === 'database' && hasSequence(words, 'set', 'tablespace')) {
        return reason('ALTER DATABASE … SET TABLESPACE');
      }
      if (second === 'table' && hasSequence(words, 'detach', 'partition') && words.includes('concurrently')) {
        return reason('ALTER TABLE … DETACH PARTITION CONCURRENTLY');
      }
      if (second === 'subscription' && hasSequence(words, 'refresh', 'publication')) {
        return `ALTER SUBSCRIPTION … REFRESH PUBLICATION that copies data ${CANNOT}`;
      }
      return undefined;
    case 'discard':
      return second === 'all' ? reason('DISCARD ALL') : undefined;
    case 'commit':
    case 'rollback':
      return second === 'prepared' ? reason(`${first.toUpperCase()} PREPARED`) : undefined;
    default:
      return undefined;
  }
}

const MARKER = /^--[ \t]*pum:no-transaction(?:\s|$)/i;

/**
 * Whether a file asks to run outside a transaction: a line comment `-- pum:no-transaction` among
 * the comments before its first statement (text after the marker is allowed, as an explanation).
 *
 * @example
 * ```ts
 * hasNoTransactionMarker('-- pum:no-transaction (index built concurrently)\nCREATE INDEX CONCURRENTLY …');
 * // true
 * hasNoTransactionMarker('SELECT 1;\n-- pum:no-transaction'); // false
 * ```
 */
export function hasNoTransactionMarker(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('--', i)) {
      const lineEnd = lineEndAt(text, i);
      const comment = text.slice(i, lineEnd);
      if (MARKER.test(comment)) return true;
      i += comment.length;
    } else if (text.startsWith('/*', i)) {
      i = blockCommentEnd(text, i);
    } else {
      return false;
    }
  }
  return false;
}

/** The offset of the first line break (`\n` or `\r`) at or after `from`, or the text's length. */
function lineEndAt(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
  return end === -1 ? text.length : end;
}

/** The offset after the nesting block comment opened at `open` (the text end when unterminated). */
function blockCommentEnd(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      i += 2;
      if (--depth === 0) return i;
    } else i++;
  }
  return text.length;
}
