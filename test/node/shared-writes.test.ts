// Another process's writes to a shared database space reach this process's
// compiled rules and type caches: a second process adds a rule and a type
// declaration, and the first (which has already evaluated with the old ones)
// sees them at its next top-level form, on both engines and both backends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MeTTa } from '../../src/runner/metta.js';
import { nodeStores } from '../../src/node/stores.js';
import { formatResults } from '../../src/syntax/printer.js';
import { storeBackends } from './backends.js';

const METTA = fileURLToPath(new URL('../../../bin/metta', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'metta-shared-'));

for (const backend of storeBackends()) {
  for (const engine of ['vm', 'tree'] as const) {
    test(`a rule and a type another process adds to a ${backend.name} &self are seen by the next form (${engine})`, async (t) => {
      if (backend.skip !== null) return t.skip(backend.skip);
      const url = await backend.freshUrl();
      const m = new MeTTa({ engine, selfSpace: url, openStore: nodeStores });
      try {
        const before = m.run('(= (f) 1)\n!(f)\n!(get-type foo)\n!(f)');
        assert.deepEqual(before.map(formatResults), ['[1]', '[%Undefined%]', '[1]']);
        const script = join(dir, `writer-${engine}-${backend.name}.metta`);
        writeFileSync(script, `!(bind! &kb (open-space "${url}"))\n!(add-atom &kb (= (f) 2))\n!(add-atom &kb (: foo Bar))\n`);
        const child = spawnSync(process.execPath, [METTA, script], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
        assert.equal(child.stdout.trim(), '[()]\n[()]\n[()]');
        const after = m.run('!(f)\n!(get-type foo)');
        assert.deepEqual(after.map(formatResults), ['[1, 2]', '[Bar]']);
      } finally {
        m.close();
      }
    });
  }
}
