/** Turning the files of a PUM 1.x module — and the inline `code:` of its hooks — into delta files. */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Version } from '@pum/core';
import type { DeltaFile, DeltaKind } from '../delta-file.js';
import { checksumOf, normaliseText, pum0ChecksumOf } from '../normalise.js';

/** What a delta file is, apart from its content. */
export interface DeltaFileIdentity {
  version: Version | undefined;
  name: string;
  kind: DeltaKind;
}

/** `path` relative to `root`, with `/` separators: what history records. */
export function modulePath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/');
}

/** Read an SQL file of the module (existence already checked). */
export function readSqlFile(root: string, absolutePath: string, identity: DeltaFileIdentity): DeltaFile {
  const bytes = readFileSync(absolutePath);
  const text = normaliseText(bytes.toString('utf8'));
  return {
    ...identity,
    language: 'sql',
    path: modulePath(root, absolutePath),
    absolutePath,
    text,
    checksum: checksumOf(text),
    pum0Checksum: pum0ChecksumOf(bytes),
  };
}

/**
 * Inline SQL of a hook (`code:`), as a delta file whose path names where it is written:
 * `.pum.yaml#application.create[0]`.
 */
export function inlineSqlFile(
  root: string,
  configFile: string,
  key: string,
  code: string,
  identity: DeltaFileIdentity,
): DeltaFile {
  const text = normaliseText(code);
  return {
    ...identity,
    language: 'sql',
    path: `${configFile}#${key}`,
    absolutePath: `${join(root, configFile)}#${key}`,
    text,
    checksum: checksumOf(text),
    pum0Checksum: pum0ChecksumOf(Buffer.from(code, 'utf8')),
  };
}
