// Conjunctions over database spaces pushed down as one SQL join: for each
// backend, random ground fact sets (duplicates, numbers, strings, compound
// arguments) answer random conjunctions (shared and repeated variables, in
// nested positions, variables in heads) exactly as the heap space does, in the
// same order, and the pushed-down join is really what answered; with stored
// atoms that have variables the store declines and the answers still agree.
// The ground-subterm key makes a bound compound argument find only its atoms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expr, sym, variable, type Atom } from '../../src/atom/atom.js';
import { makeInt, makeString } from '../../src/atom/grounded.js';
import { S } from '../../src/atom/symbols.js';
import { Bindings, varKey } from '../../src/match/bindings.js';
import { GroundingSpace } from '../../src/space/space.js';
import type { AtomStore } from '../../src/space/atom-store.js';
import { format } from '../../src/syntax/printer.js';
import { nodeStores } from '../../src/node/stores.js';
import { storeBackends } from './backends.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Counts the conjunctions the store pushed down (joinCandidates answered, not declined). */
function counting(store: AtomStore): { store: AtomStore; pushed: () => number } {
  let n = 0;
  const join = store.joinCandidates!.bind(store);
  store.joinCandidates = (cs) => {
    const r = join(cs);
    if (r !== null) n++;
    return r;
  };
  return { store, pushed: () => n };
}

const names = ['a', 'b', 'c'].map(sym);
const vars = ['x', 'y', 'z', 'w'].map((n) => variable(n));
const heads = ['r', 's', 't'].map(sym);

function world(seed: number, withVariables: boolean) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const value = (): Atom => {
    const u = r();
    if (u < 0.2) return makeInt(Math.floor(r() * 3));
    if (u < 0.25) return makeString(pick(['p', 'q']));
    if (u < 0.45) return expr([sym('g'), pick(names)]);
    if (u < 0.5) return expr([sym('g'), expr([sym('h'), pick(names)])]);
    return pick(names);
  };
  const facts: Atom[] = [];
  for (let i = 0; i < 70; i++) {
    const f = r() < 0.15 ? expr([pick(heads), value(), value(), value(), value()]) : expr([pick(heads), value(), value()]);
    facts.push(f);
    if (r() < 0.1) facts.push(f); // a duplicate: answered twice
  }
  if (withVariables) {
    // One of each head and arity the conjunctions use: every conjunction meets one.
    for (const h of heads) facts.push(expr([h, variable('v'), sym('a')]), expr([h, sym('b'), variable('v'), sym('c'), expr([sym('g'), variable('u')])]));
    facts.push(expr([sym('s'), expr([sym('g'), variable('u')]), variable('u')]));
  }
  // A pattern argument: mostly variables (shared across conjuncts), some constants, some nested variables.
  const arg = (): Atom => {
    const u = r();
    if (u < 0.6) return pick(vars);
    if (u < 0.75) return value();
    return expr([sym('g'), pick(vars)]);
  };
  const conjunction = (): Atom => {
    const n = 2 + Math.floor(r() * 2);
    const cs: Atom[] = [S.comma];
    for (let i = 0; i < n; i++) {
      const head = r() < 0.08 ? pick(vars) : pick(heads);
      cs.push(r() < 0.15 ? expr([head, arg(), arg(), arg(), arg()]) : expr([head, arg(), arg()]));
    }
    return expr(cs);
  };
  return { facts, conjunction };
}

const show = (s: GroundingSpace, p: Atom, b: Bindings = Bindings.EMPTY): string[] => s.query(p, b).map((x) => format(x.apply(expr(vars))));

for (const backend of storeBackends()) {
  for (const withVariables of [false, true]) {
    test(`conjunctions over ${backend.name} answer as the heap does, in order${withVariables ? ' (stored atoms with variables: not pushed down)' : ', pushed down as one join'}`, async (t) => {
      if (backend.skip !== null) return t.skip(backend.skip);
      for (let round = 0; round < 3; round++) {
        const { facts, conjunction } = world(100 * round + (withVariables ? 1 : 0), withVariables);
        const store = nodeStores(await backend.freshUrl(), () => null)!;
        try {
          const { pushed } = counting(store);
          const heap = new GroundingSpace();
          const db = new GroundingSpace(store);
          for (const f of facts) {
            heap.add(f);
            db.add(f);
          }
          let answers = 0;
          for (let i = 0; i < 40; i++) {
            const p = conjunction();
            const h = show(heap, p);
            answers += h.length;
            assert.deepEqual(show(db, p), h, format(p));
          }
          // Under bindings from outside (what a nested match passes in).
          const p = expr([S.comma, expr([sym('r'), vars[0]!, vars[1]!]), expr([sym('s'), vars[1]!, vars[2]!])]);
          const b = new Bindings(new Map([[varKey(vars[0]!), sym('a')]]));
          assert.deepEqual(show(db, p, b), show(heap, p, b));
          assert.ok(answers > 0, 'the random conjunctions have answers');
          if (withVariables) assert.equal(pushed(), 0, 'stored atoms with variables keep the conjunct-by-conjunct path');
          else assert.ok(pushed() >= 30, `pushed down ${pushed()} of 40`);
        } finally {
          store.close?.();
        }
      }
    });
  }

  test(`a bound compound argument finds only its atoms in ${backend.name} (the ground-subterm key)`, async (t) => {
    if (backend.skip !== null) return t.skip(backend.skip);
    const store = nodeStores(await backend.freshUrl(), () => null)!;
    try {
      const db = new GroundingSpace(store);
      for (let i = 0; i < 200; i++) db.add(expr([sym('edge'), expr([sym('node'), makeInt(i)]), makeInt(i + 1)]));
      db.add(expr([sym('edge'), expr([sym('node'), variable('n')]), sym('any')]));
      const p = expr([sym('edge'), expr([sym('node'), makeInt(7)]), vars[0]!]);
      // The one ground atom with (node 7), and the one whose argument has a variable; not all 201 `(node …)`.
      assert.equal(db.candidates(p).length, 2);
      assert.deepEqual(show(db, p), ['(8 $y $z $w)', '(any $y $z $w)']);
    } finally {
      store.close?.();
    }
  });
}

for (const backend of storeBackends()) {
  test(`the join planner pushes down a leading run of conjuncts in ${backend.name}, the rest matched per answer`, async (t) => {
    if (backend.skip !== null) return t.skip(backend.skip);
    const store = nodeStores(await backend.freshUrl(), () => null)!;
    try {
      const { pushed } = counting(store);
      const heap = new GroundingSpace();
      const db = new GroundingSpace(store);
      const [x, y, z, w] = vars as [Atom, Atom, Atom, Atom];
      for (let i = 0; i < 30; i++) {
        const f = expr([sym('r'), names[i % 3]!, makeInt(i % 4)]);
        const g = expr([sym('s'), makeInt(i % 4), names[(i + 1) % 3]!]);
        const h = expr([names[i % 3]!, sym('k'), makeInt(i % 2)]);
        for (const a of [f, g, h]) {
          heap.add(a);
          db.add(a);
        }
      }
      // The third conjunct's head is a variable: no SQL for it; the first two are one join.
      const p = expr([S.comma, expr([sym('r'), x, y]), expr([sym('s'), y, z]), expr([z, sym('k'), w])]);
      const h = show(heap, p);
      assert.ok(h.length > 100);
      assert.deepEqual(show(db, p), h);
      assert.equal(pushed(), 1);
    } finally {
      store.close?.();
    }
  });
}
