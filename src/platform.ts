/**
 * The file system, as the core sees it: nothing until a Node.js entry point installs it. This keeps
 * `node:*` imports out of the core, so the same library runs in browsers (where `toBytes()` and
 * `fromBytes()` replace files).
 */
export interface FileAccess {
  readFile(path: string): Uint8Array;
  /** Writes to a temporary file, then renames it over `path`: a crash leaves the old file whole. */
  writeFileAtomic(path: string, data: Uint8Array): void;
}

let access: FileAccess | undefined;

export function setFileAccess(next: FileAccess): void {
  access = next;
}

/** The installed file access, or an error saying that `what` needs Node.js. */
export function fileAccess(what: string): FileAccess {
  if (access === undefined) {
    throw new Error(`${what} needs Node.js file access (import 'backprop' in Node.js); in a browser use toBytes() / fromBytes()`);
  }
  return access;
}
