import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('the API reference builds from the TSDoc comments with no warnings', () => {
  const r = spawnSync(process.execPath, [
    ROOT + 'node_modules/typedoc/bin/typedoc', '--entryPoints', 'src/index.ts', '--tsconfig', 'tsconfig.json',
    '--emit', 'none', '--treatWarningsAsErrors', '--disableSources', '--readme', 'none',
  ], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
