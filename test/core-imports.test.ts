import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every module the entry reaches through static and dynamic imports, with any import that leaves the source tree. */
function importGraph(entry: string): { modules: Set<string>; external: string[] } {
  const modules = new Set<string>();
  const external: string[] = [];
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) {
      const spec = (m[1] ?? m[2] ?? m[3])!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.push(`${relative(root, file)} imports ${spec}`);
    }
  };
  visit(entry);
  return { modules, external };
}

test('the core (src/index.ts and all it imports) uses nothing from Node.js, so it runs in browsers', () => {
  const { modules, external } = importGraph(resolve(root, 'src/index.ts'));
  assert.ok(modules.size > 30, `only ${modules.size} modules found: the import scan is broken`);
  assert.deepEqual(external, []);
  for (const file of modules) assert.ok(!relative(root, file).startsWith('src/node/') && !relative(root, file).startsWith('src/cli/'), `${relative(root, file)} is Node-only`);
});

test('the import scan sees Node imports where they are (the Node entry)', () => {
  const { external } = importGraph(resolve(root, 'src/node/index.ts'));
  assert.ok(external.some((e) => e.endsWith('imports node:fs')), external.join('\n'));
});
