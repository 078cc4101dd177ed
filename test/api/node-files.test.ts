// confinedFiles (metta-vm/node): import! and include read only below one directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeTTa, formatResults, type EngineName } from '../../src/index.js';
import { confinedFiles } from '../../src/node/index.js';

function tree(): { root: string; allowed: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'metta-confined-'));
  const allowed = join(root, 'allowed');
  mkdirSync(join(allowed, 'sub'), { recursive: true });
  writeFileSync(join(root, 'secret.metta'), '(= (secret) leaked)\n');
  writeFileSync(join(allowed, 'lib.metta'), '(= (lib) ok)\n');
  writeFileSync(join(allowed, 'sub', 'inner.metta'), '(= (inner) deep)\n');
  // A module below the root that imports its sibling through `..`: resolved, and still inside.
  writeFileSync(join(allowed, 'sub', 'up.metta'), '!(import! &self ../lib)\n(= (up) fine)\n');
  symlinkSync(join(root, 'secret.metta'), join(allowed, 'link.metta'));
  symlinkSync(root, join(allowed, 'parentdir'));
  return { root, allowed, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

for (const engine of ['vm', 'tree'] as EngineName[]) {
  test(`${engine}: confinedFiles lets import! read below its directory and nothing else`, (t) => {
    const { root, allowed, cleanup } = tree();
    t.after(cleanup);
    const run = (src: string): string[] => new MeTTa({ engine, files: confinedFiles(allowed) }).runReport(src, '<t>', { stopOnError: false }).forms.map((f) => formatResults(f.results));
    assert.deepEqual(run('!(import! &self lib) !(lib)'), ['[()]', '[ok]']);
    assert.deepEqual(run('!(import! &self sub:inner) !(inner)'), ['[()]', '[deep]']);
    assert.deepEqual(run('!(import! &self sub:up) !(up) !(lib)'), ['[()]', '[fine]', '[ok]']);
    const refused = [
      ['../secret', /\.\.\/secret\.metta is outside the directory .*allowed that file access is confined to/],
      [JSON.stringify(join(root, 'secret.metta')), /secret\.metta is outside the directory/],
      ['link', /link\.metta leads \(through a symlink\) outside the directory/],
      ['parentdir:secret', /parentdir\/secret\.metta leads \(through a symlink\) outside/],
    ] as const;
    for (const [name, message] of refused) {
      const [imp, call] = run(`!(import! &self ${name}) !(secret)`);
      assert.match(imp!, /^\[\(Error \(import! /, name);
      assert.match(imp!, message, name);
      assert.equal(call, '[(secret)]', `${name}: nothing was loaded`);
    }
    assert.match(run('!(import! &self missing)')[0]!, /Failed to resolve module missing/);
  });
}

test('confinedFiles refuses a root that does not exist', () => {
  assert.throws(() => confinedFiles(join(tmpdir(), 'metta-no-such-dir-' + process.pid)), /ENOENT/);
});
