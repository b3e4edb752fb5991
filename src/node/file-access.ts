import { readFileSync } from 'node:fs';
import { setFileAccess } from '../platform.js';
import { writeFileAtomicSync } from './atomic-write.js';

/** Gives the core (model.save, Model.load, checkpoints) the Node.js file system. */
setFileAccess({
  readFile(path) {
    try {
      return new Uint8Array(readFileSync(path));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? (e as Error).message})`);
    }
  },
  writeFileAtomic: writeFileAtomicSync,
});
