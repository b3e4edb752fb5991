/**
 * Atomic file replacement: a reader (or a crash) sees either the old file or the complete new one,
 * never a half-written model.
 *
 * Recipe: write the bytes to a uniquely named temporary file in the target's directory (a rename is
 * only atomic within one file system), fsync it so its data is on disk before its name is, rename it
 * over the target, then fsync the directory so the rename itself survives a power loss (not possible
 * on Windows, where opening a directory fails; that step is skipped there). On any failure the temporary
 * file is removed and the previous file is left as it was.
 *
 * A symlink target is followed (the file it points to is replaced, the link stays), and an existing
 * file keeps its permission bits.
 *
 * @example
 * writeFileAtomicSync('model.safetensors', model.toBytes());
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const DEFAULT_MODE = 0o666; // before the umask, as fs.writeFile does

/** Replaces `file` with `data` atomically; throws an Error naming `file` (with the system error as `cause`). */
export function writeFileAtomicSync(file: string, data: Uint8Array | string): void {
  checkPath(file);
  const bytes = toBytes(data);
  let target = path.resolve(file);
  let mode: number | undefined;
  try {
    target = fs.realpathSync(file);
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    // No file yet: it is created with the default mode.
  }
  const temp = tempNextTo(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', DEFAULT_MODE);
    if (mode !== undefined) fs.fchmodSync(fd, mode); // exactly the old bits, whatever the umask
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw failure(file, e);
  }
  try {
    const dir = fs.openSync(path.dirname(target), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // The rename has happened; only its durability across a power loss is not guaranteed here.
  }
}

/** The same as `writeFileAtomicSync`, without blocking the event loop. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  checkPath(file);
  const bytes = toBytes(data);
  let target = path.resolve(file);
  let mode: number | undefined;
  try {
    target = await fs.promises.realpath(file);
    mode = (await fs.promises.stat(target)).mode & 0o7777;
  } catch {
    // No file yet: it is created with the default mode.
  }
  const temp = tempNextTo(target);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(temp, 'wx', DEFAULT_MODE);
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.promises.rename(temp, target);
  } catch (e) {
    await handle?.close();
    await fs.promises.rm(temp, { force: true });
    throw failure(file, e);
  }
  try {
    const dir = await fs.promises.open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // As in the sync version: the file is in place, the directory entry may not be durable yet.
  }
}

function toBytes(data: Uint8Array | string): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  throw new TypeError(`writeFileAtomic: data must be a Uint8Array or a string, got ${data === null ? 'null' : typeof data}`);
}

function checkPath(file: string): void {
  if (typeof file !== 'string' || file === '') throw new TypeError(`writeFileAtomic: path must be a non-empty string, got ${JSON.stringify(file)}`);
}

/** A name next to `target` that no other writer (process or call) picks. */
function tempNextTo(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function failure(file: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new Error(`cannot write ${file}: ${reason}`, { cause });
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(error, { code });
  return error;
}
