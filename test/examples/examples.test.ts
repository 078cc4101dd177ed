// The examples/ gallery runs in CI: every program is run as a user runs it
// (`metta FILE`, or `node FILE.mjs` for the embedding example) and its output
// compared with the .expected file beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = join(root, 'examples');

/** stdout and exit status of a command that may fail. */
function run(cmd: string, args: readonly string[]): { out: string; status: number } {
  try {
    return { out: execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }), status: 0 };
  } catch (e) {
    const r = e as { stdout?: string; status?: number };
    return { out: r.stdout ?? '', status: r.status ?? -1 };
  }
}

const programs = readdirSync(dir).filter((f) => f.endsWith('.metta') || (f.endsWith('.mjs') && existsSync(join(dir, f.replace(/\.mjs$/, '.expected')))));

test('the gallery has at least eight programs, each with its expected output', () => {
  const expected = programs.filter((f) => existsSync(join(dir, f.replace(/\.(metta|mjs)$/, '.expected'))));
  assert.ok(expected.length >= 8, `examples with .expected: ${expected.join(', ')}`);
  for (const topic of ['types', 'nondeterminism', 'spaces-and-match', 'states', 'modules', 'host-function', 'errors']) {
    assert.ok(expected.some((f) => f.startsWith(topic + '.')), `an example on ${topic}`);
  }
});

for (const file of programs) {
  const expectedFile = join(dir, file.replace(/\.(metta|mjs)$/, '.expected'));
  // host-function.metta needs the operations its host registers: host-function.mjs runs it.
  if (file.endsWith('.metta') && existsSync(join(dir, file.replace(/\.metta$/, '.mjs')))) continue;
  test(`examples/${file} prints its expected output`, () => {
    const expected = readFileSync(expectedFile, 'utf8');
    if (file.endsWith('.mjs')) {
      const r = run(process.execPath, [join(dir, file)]);
      assert.equal(r.out, expected);
      assert.equal(r.status, 0);
      return;
    }
    for (const engine of ['vm', 'tree']) {
      const r = run(process.execPath, [join(root, 'bin', 'metta'), '--engine', engine, join(dir, file)]);
      assert.equal(r.out, expected, engine);
      // A program whose last result is an Error stops there, and the command says so by its status.
      const lastLine = expected.trimEnd().split('\n').pop() ?? '';
      assert.equal(r.status, lastLine.startsWith('[(Error') ? 1 : 0, engine);
    }
  });
}
