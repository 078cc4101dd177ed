// The core must run in a browser. Only the Node hosts, src/cli (the `metta`
// command) and src/repl (the REPL), may use Node built-ins; everything else is
// checked twice: the compiled files import nothing but each other, and esbuild
// bundles the public entry for the browser platform, where Node built-ins do
// not resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../../src/', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const NODE_HOSTS = ['cli/', 'repl/', 'node/'];

/** Every module specifier a compiled ES module names: static imports, re-exports, dynamic imports. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\sfrom\s*(['"])([^'"]+)\1/gm,
    /^\s*import\s*(['"])([^'"]+)\1/gm,
    /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[2]!);
  return found;
}

test('the specifier scan finds what it must', () => {
  const code = "import { a } from './a.js';\nexport * from \"node:fs\";\nimport 'side';\nconst m = await import('os');\nimport {\n  b,\n} from '../b.js';";
  assert.deepEqual(specifiers(code).sort(), ['../b.js', './a.js', 'node:fs', 'os', 'side']);
});

test('compiled src/** outside the Node hosts imports only its own relative modules', () => {
  const files = (readdirSync(dist, { recursive: true, encoding: 'utf8' }))
    .map((f) => f.split('\\').join('/'))
    .filter((f) => f.endsWith('.js') && !NODE_HOSTS.some((h) => f.startsWith(h)));
  assert.ok(files.includes('index.js') && files.length > 10, `compiled sources found in ${dist}`);
  for (const f of files) {
    const code = readFileSync(dist + f, 'utf8');
    for (const s of specifiers(code)) {
      assert.ok(s.startsWith('./') || s.startsWith('../'), `${f} imports '${s}': only src/cli, src/repl and src/node may use Node built-ins or packages`);
      const target = new URL(s, `file://${dist}${f}`).pathname.slice(dist.length);
      assert.ok(!NODE_HOSTS.some((h) => target.startsWith(h)), `${f} imports the Node host module ${target}`);
    }
    assert.doesNotMatch(code, /\b(?:process\.|Buffer\.|require\(|__dirname|__filename)/, `${f} uses a Node global`);
  }
});

test('the public entry bundles for the browser platform', async () => {
  const result = await build({
    entryPoints: [root + 'src/index.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  assert.deepEqual(result.errors, []);
  const code = result.outputFiles[0]!.text;
  assert.ok(code.includes('GroundingSpace'), 'the bundle holds the runtime');
});
