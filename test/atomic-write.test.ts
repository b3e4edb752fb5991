import { test, mock, afterEach, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../src/node/atomic-write.js';

const dirs: string[] = [];
afterEach(() => mock.restoreAll());
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backprop-atomic-'));
  dirs.push(dir);
  return dir;
}

const variants = [
  { name: 'writeFileAtomicSync', write: async (file: string, data: Uint8Array | string) => writeFileAtomicSync(file, data) },
  { name: 'writeFileAtomic', write: writeFileAtomic },
];

for (const { name, write } of variants) {
  test(`${name} creates a new file and replaces an existing one, leaving no temporary file`, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'model.safetensors');
    await write(file, new Uint8Array([1, 2, 3]));
    assert.deepEqual(fs.readFileSync(file), Buffer.from([1, 2, 3]));
    await write(file, 'héllo');
    assert.equal(fs.readFileSync(file, 'utf8'), 'héllo');
    await write(file, new Uint8Array(0));
    assert.equal(fs.readFileSync(file).length, 0);
    assert.deepEqual(fs.readdirSync(dir), ['model.safetensors']);
  });

  test(`${name} writes a view's bytes only (non-zero byteOffset)`, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'view.bin');
    await write(file, new Uint8Array([9, 8, 7, 6, 5]).subarray(1, 3));
    assert.deepEqual(fs.readFileSync(file), Buffer.from([8, 7]));
  });

  test(`${name} reports a missing directory, naming the path`, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'no-such-dir', 'model.safetensors');
    await assert.rejects(write(file, 'x'), (e: Error & { code?: string }) => {
      assert.match(e.message, new RegExp(`^cannot write ${file.replace(/[.\\]/g, '\\$&')}: ENOENT`));
      assert.equal(e.code, 'ENOENT');
      return true;
    });
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  test(`${name} leaves the previous file intact and removes the temporary file when the rename fails`, async () => {
    const dir = tempDir();
    const target = path.join(dir, 'model');
    fs.mkdirSync(target); // renaming a file over a directory fails
    fs.writeFileSync(path.join(target, 'inside'), 'old');
    await assert.rejects(write(target, 'new'), (e: Error) => e.message.startsWith(`cannot write ${target}: `));
    assert.deepEqual(fs.readdirSync(dir), ['model']);
    assert.equal(fs.readFileSync(path.join(target, 'inside'), 'utf8'), 'old');
  });

  // POSIX file modes and symlinks: the project is tested on Linux.
  test(`${name} keeps the permission bits of the file it replaces`, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'secret');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o640);
    await write(file, 'new');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });

  test(`${name} replaces the file a symlink points to and keeps the link`, async () => {
    const dir = tempDir();
    const real = path.join(dir, 'real.bin');
    const link = path.join(dir, 'link.bin');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, link);
    await write(link, 'new');
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readFileSync(real, 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['link.bin', 'real.bin']);
  });

  test(`${name} rejects bad arguments with a TypeError`, async () => {
    await assert.rejects(write('', 'x'), { name: 'TypeError', message: 'writeFileAtomic: path must be a non-empty string, got ""' });
    await assert.rejects(write('/tmp/x', [1, 2] as unknown as Uint8Array), {
      name: 'TypeError',
      message: 'writeFileAtomic: data must be a Uint8Array or a string, got object',
    });
  });
}

test('writeFileAtomicSync: a write that fails midway leaves the previous file intact and no temporary file', () => {
  const dir = tempDir();
  const file = path.join(dir, 'model.safetensors');
  fs.writeFileSync(file, 'previous model');
  let calls = 0;
  const realWrite = fs.writeSync;
  mock.method(fs, 'writeSync', (fd: number, buffer: Uint8Array, offset: number) => {
    if (++calls > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return realWrite(fd, buffer, offset, 2); // a short write first: the loop must continue, then the disk fills up
  });
  assert.throws(() => writeFileAtomicSync(file, new Uint8Array(100)), {
    message: `cannot write ${file}: ENOSPC: no space left on device, write`,
    code: 'ENOSPC',
  });
  assert.equal(calls, 2);
  assert.equal(fs.readFileSync(file, 'utf8'), 'previous model');
  assert.deepEqual(fs.readdirSync(dir), ['model.safetensors']);
});

test('writeFileAtomicSync: an fsync failure aborts before the rename', () => {
  const dir = tempDir();
  const file = path.join(dir, 'model.safetensors');
  fs.writeFileSync(file, 'previous model');
  mock.method(fs, 'fsyncSync', () => {
    throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
  });
  assert.throws(() => writeFileAtomicSync(file, 'new model'), { message: `cannot write ${file}: EIO: i/o error, fsync` });
  assert.equal(fs.readFileSync(file, 'utf8'), 'previous model');
  assert.deepEqual(fs.readdirSync(dir), ['model.safetensors']);
});

test('writeFileAtomic: a failing rename leaves the previous file intact and no temporary file', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'model.safetensors');
  fs.writeFileSync(file, 'previous model');
  mock.method(fs.promises, 'rename', async () => {
    throw Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), { code: 'EXDEV' });
  });
  await assert.rejects(writeFileAtomic(file, 'new model'), { message: `cannot write ${file}: EXDEV: cross-device link not permitted, rename` });
  assert.equal(fs.readFileSync(file, 'utf8'), 'previous model');
  assert.deepEqual(fs.readdirSync(dir), ['model.safetensors']);
});
