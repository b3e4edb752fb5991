/**
 * The Node.js entry point (`import … from 'backprop'` in Node.js resolves here): the whole core,
 * with files enabled for model.save / Model.load, plus the Node-only readers and terminal helpers.
 */
import './file-access.js';

export * from '../index.js';
export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
