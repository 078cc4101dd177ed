// The space contract with each store behind it: the reference scripts that use
// only `&self` and `new-space`, run with `&self` in SQLite, give the results
// the heap space gives, on both engines; random fact sets answer every
// pattern and conjunction with the heap store's answers, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expr, sym, variable, type Atom } from '../../src/atom/atom.js';
import { makeInt } from '../../src/atom/grounded.js';
import { S } from '../../src/atom/symbols.js';
import { GroundingSpace } from '../../src/space/space.js';
import { MeTTa, type MeTTaOptions } from '../../src/runner/metta.js';
import type { EngineName } from '../../src/runner/engine.js';
import { format, formatResults } from '../../src/syntax/printer.js';
import { nodeStores } from '../../src/node/stores.js';
import { SqliteStore } from '../../src/node/sqlite-store.js';
import { storeBackends } from './backends.js';

const SUITE = fileURLToPath(new URL('../../../../shared/conformance/hyperon/', import.meta.url));
// Scripts that import modules or files (their &self is not the only space they fill).
const USES_MODULES = /import!|include|mod-space!|register-module!/;
// What a database space cannot hold, by design: grounded atoms no token rebuilds.
const UNSTORABLE: Readonly<Record<string, string>> = {
  'e2_states.metta': 'adds rules whose bodies hold State atoms (mutable cells live in one process)',
  'e3_match_states.metta': 'adds rules whose bodies hold State atoms (mutable cells live in one process)',
};
/** Space ids depend on how many spaces a process made before. */
const neutral = (s: string): string => s.replace(/GroundingSpace-0x[0-9a-f]+/g, 'GroundingSpace-N').replace(/\$([A-Za-z_]+)#\d+/g, '$$$1');

function runAll(source: string, engine: EngineName, extra: MeTTaOptions): string[] {
  const m = new MeTTa({ engine, print: () => {}, printErr: () => {}, maxSteps: 50_000_000, openStore: nodeStores, ...extra });
  try {
    const r = m.runReport(source, 'script', { stopOnError: false });
    return r.forms.map((f) => neutral(`${format(f.source)} => ${formatResults(f.results)}`));
  } finally {
    m.close();
  }
}

const scripts = readdirSync(SUITE).filter((f) => f.endsWith('.metta')).sort()
  .filter((f) => !USES_MODULES.test(readFileSync(join(SUITE, f), 'utf8')));

for (const backend of storeBackends()) {
  for (const file of scripts) {
    test(`${file} with &self in ${backend.name}: same results as the heap space, both engines`, async (t) => {
      if (backend.skip !== null) return t.skip(backend.skip);
      if (UNSTORABLE[file] !== undefined) return t.skip(UNSTORABLE[file]);
      const source = readFileSync(join(SUITE, file), 'utf8');
      const heap = runAll(source, 'tree', {});
      for (const engine of ['tree', 'vm'] as const) {
        const url = await backend.freshUrl();
        assert.deepEqual(runAll(source, engine, { selfSpace: url }), heap, `${engine} engine`);
      }
    });
  }
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('random facts: every pattern and conjunction answers as the heap store does, in order (SQLite)', () => {
  const r = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const names = ['a', 'b', 'c', 'd'].map(sym);
  const value = (): Atom => (r() < 0.3 ? makeInt(Math.floor(r() * 4)) : r() < 0.15 ? variable('v') : r() < 0.2 ? expr([sym('g'), pick(names)]) : pick(names));
  for (let round = 0; round < 6; round++) {
    const heap = new GroundingSpace();
    const db = new GroundingSpace(new SqliteStore(':memory:', () => null));
    const facts: Atom[] = [];
    for (let i = 0; i < 60; i++) facts.push(expr([pick([sym('r'), sym('s')]), value(), value()]));
    facts.push(variable('anything'), sym('r'), expr([variable('h'), sym('a'), sym('b')]));
    for (const f of facts) {
      heap.add(f);
      db.add(f);
    }
    for (let i = 0; i < 10; i++) {
      const f = pick(facts);
      assert.equal(db.remove(f), heap.remove(f));
    }
    assert.equal(db.size, heap.size);
    assert.deepEqual(db.atoms().map(format), heap.atoms().map(format));
    const x = variable('x'), y = variable('y'), z = variable('z');
    const patterns = [
      expr([sym('r'), x, y]), expr([sym('r'), sym('a'), y]), expr([sym('s'), x, makeInt(2)]),
      expr([sym('r'), expr([sym('g'), x]), y]), expr([sym('r'), expr([sym('g'), sym('b')]), y]), x,
      expr([S.comma, expr([sym('r'), x, y]), expr([sym('s'), y, z])]),
      expr([S.comma, expr([sym('s'), x, sym('c')]), expr([sym('r'), sym('a'), x])]),
    ];
    for (const p of patterns) {
      const show = (s: GroundingSpace): string[] => s.query(p).map((b) => neutral(format(b.apply(expr([x, y, z])))));
      assert.deepEqual(show(db), show(heap), format(p));
    }
  }
});
