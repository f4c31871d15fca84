/**
 * An in-memory {@link ConnectFileSystem} for tests (not exported by the package): a map of
 * path → content, optionally path → mode.
 */

import type { ConnectFileSystem } from './file-system.js';

/** A file of an in-memory tree: its text, or its text and `st_mode`. */
export type MemoryFile = string | { readonly content: string; readonly mode: number };

/** Build a file system holding `files`; records every path read in `reads`. */
export function memoryFileSystem(files: Readonly<Record<string, MemoryFile>>): ConnectFileSystem & {
  readonly reads: string[];
} {
  const reads: string[] = [];
  return {
    reads,
    readFile(path) {
      reads.push(path);
      const file = files[path];
      return typeof file === 'object' ? file.content : file;
    },
    fileMode(path) {
      const file = files[path];
      if (file === undefined) return undefined;
      return typeof file === 'object' ? file.mode : 0o100600;
    },
  };
}
