// The heap store's lean representation (slots, typed-array buckets, hash-keyed
// tables, range journal) against plain reference models: the same atoms in the
// same order, whatever was added, removed, taken back or compacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Atom, atomEq, expr, gnd, sym, variable, type GroundedValue } from '../../src/atom/atom.js';
import { makeInt } from '../../src/atom/grounded.js';
import { unifyStored } from '../../src/match/unify.js';
import { Bindings } from '../../src/match/bindings.js';
import { MemoryStore } from '../../src/space/memory-store.js';
import { KeyTable } from '../../src/space/key-table.js';
import { SlotList, bucketAt, bucketLength } from '../../src/space/slot-list.js';
import { GroundingSpace, startJournal, rollbackJournal, endJournal } from '../../src/space/space.js';
import { format } from '../../src/syntax/printer.js';
import { parseAtom } from '../../src/syntax/parser.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function bucket(t: KeyTable, k: number): number[] {
  const b = t.get(k);
  const out: number[] = [];
  for (let i = 0; i < bucketLength(b); i++) out.push(bucketAt(b!, i));
  return out;
}

test('KeyTable: every key keeps its slots in order across growth, keys that probe into each other included', () => {
  const t = new KeyTable();
  const model = new Map<number, number[]>();
  const r = rng(7);
  for (let slot = 0; slot < 20_000; slot++) {
    // Few distinct keys early (long buckets), many later (growth); negative and zero keys too.
    const k = slot < 5000 ? Math.floor(r() * 40) - 20 : Math.floor(r() * 2 ** 32) | 0;
    t.add(k, slot);
    const l = model.get(k) ?? [];
    l.push(slot);
    model.set(k, l);
  }
  assert.equal(t.size, model.size);
  for (const [k, slots] of model) assert.deepEqual(bucket(t, k), slots);
  assert.equal(t.get(123456789), model.has(123456789) ? t.get(123456789) : undefined);
});

test('KeyTable.of makes the table adding in slot order makes, whatever the distinct count it is told', () => {
  const r = rng(11);
  for (const [m, spread] of [[100, 10], [200_000, 2 ** 32], [200_000, 50], [150_000, 90_000]] as const) {
    const keys = new Int32Array(m), slots = new Int32Array(m);
    const model = new Map<number, number[]>();
    for (let j = 0; j < m; j++) {
      const k = Math.floor(r() * spread) | 0;
      keys[j] = k;
      slots[j] = 3 * j + 1;
      model.set(k, [...(model.get(k) ?? []), 3 * j + 1]);
    }
    // Told right, too few and too many: the bulk fill, growth during it, and a sparse table.
    for (const told of [model.size, Math.floor(model.size / 3), 4 * model.size]) {
      const t = KeyTable.of(keys, slots, m, told);
      assert.equal(t.size, model.size, `${m} pairs, ${model.size} keys, told ${told}`);
      for (const [k, l] of model) assert.deepEqual(bucket(t, k), l);
      assert.equal(t.get(0x7fffffff), model.has(0x7fffffff) ? t.get(0x7fffffff) : undefined);
    }
  }
});

test('an argument index of many distinct keys (built in bulk) gives the candidates a scan gives, atoms with variables and removed atoms included', () => {
  const store = new MemoryStore();
  const ref: Atom[] = [];
  for (let i = 0; i < 60_000; i++) {
    const a = i % 997 === 0 ? expr([sym('e'), variable('v'), makeInt(i % 7)]) : expr([sym('e'), makeInt(i), makeInt(i % 7)]);
    store.add(a);
    ref.push(a);
  }
  const removed = new Set<Atom>();
  for (let i = 5; i < 60_000; i += 1000) {
    assert.ok(store.remove(ref[i]!));
    removed.add(ref[i]!);
  }
  const live = ref.filter((a) => !removed.has(a));
  for (const p of ['(e 12345 $y)', '(e 5 $y)', '(e 997 $y)', '(e $x 3)', '(e -1 $y)'].map((x) => parseAtom(x))) {
    const out: Atom[] = [];
    store.candidates(p, out);
    assert.deepEqual(unifiable(out, p), unifiable(live, p), format(p));
  }
  // Atoms added after the index was built are in it too.
  const late = expr([sym('e'), makeInt(12345), sym('late')]);
  store.add(late);
  const out: Atom[] = [];
  store.candidates(parseAtom('(e 12345 $y)'), out);
  const q = parseAtom('(e 12345 $y)');
  assert.deepEqual(unifiable(out, q), unifiable([...live, late], q));
  assert.ok(unifiable(out, q).includes('(e 12345 late)'));
});

test('SlotList keeps its slots past the move to a typed array', () => {
  const l = new SlotList();
  for (let i = 0; i < 1000; i++) l.push(i * 3);
  assert.equal(l.length, 1000);
  for (let i = 0; i < 1000; i++) assert.equal(l.at(i), i * 3);
});

/** What could unify with `p` among `atoms`, in order (what candidates must contain, in this order). */
function unifiable(atoms: readonly Atom[], p: Atom): string[] {
  return atoms.filter((a) => unifyStored(p, a, Bindings.EMPTY, new Map()) !== null).map(format);
}

test('the store against a list: random adds, removes, take-backs and compactions give the same atoms, candidates in insertion order', () => {
  const r = rng(42);
  const store = new MemoryStore();
  // The reference: live atoms with their tokens, in insertion order.
  let ref: Array<{ atom: Atom; token: number }> = [];
  const heads = ['r', 'p', '='];
  const item = (): Atom => {
    const x = r();
    if (x < 0.45) return makeInt(Math.floor(r() * 30));
    if (x < 0.8) return sym('s' + Math.floor(r() * 6));
    if (x < 0.9) return variable('v' + Math.floor(r() * 3));
    return expr([sym('f'), makeInt(Math.floor(r() * 3))]);
  };
  const atom = (): Atom => {
    const x = r();
    if (x < 0.05) return sym('lone' + Math.floor(r() * 3));
    if (x < 0.08) return expr([variable('h'), item()]);
    const n = 1 + Math.floor(r() * 3);
    const items = [sym(heads[Math.floor(r() * heads.length)]!)];
    for (let i = 0; i < n; i++) items.push(item());
    return expr(items);
  };
  const patterns = ['(r $x $y)', '(r 3 $y)', '(r $x s2)', '(p s1 $z $w)', '(= $a $b)', '($h 4)', '(r (f 1) $q)', '$all', '(r 7 s3)', '(p $x)'].map((s) => parseAtom(s));
  let generation = 0;
  for (let step = 0; step < 6000; step++) {
    const x = r();
    if (x < 0.6 || ref.length === 0) {
      const a = atom();
      ref.push({ atom: a, token: store.add(a) });
    } else if (x < 0.8) {
      const a = ref[Math.floor(r() * ref.length)]!.atom;
      assert.ok(store.remove(a));
      ref.splice(ref.findIndex((e) => atomEq(e.atom, a)), 1);
    } else if (x < 0.95) {
      const i = Math.floor(r() * ref.length);
      const gone = store.unadd(ref[i]!.token);
      assert.ok(gone !== null && atomEq(gone, ref[i]!.atom));
      assert.equal(store.unadd(ref[i]!.token), null, 'taken back once');
      ref.splice(i, 1);
    } else {
      // Query: the indexes get built (and kept) as the queries ask.
      const p = patterns[Math.floor(r() * patterns.length)]!;
      const out: Atom[] = [];
      store.candidates(p, out);
      const all = ref.map((e) => e.atom);
      assert.deepEqual(unifiable(out, p), unifiable(all, p), `candidates of ${format(p)} at step ${step}`);
    }
    if (store.generation !== generation) generation = store.generation;
    if (step % 500 === 0) assert.deepEqual(store.atoms().map(format), ref.map((e) => format(e.atom)));
  }
  assert.ok(generation > 0, 'the run compacted at least once');
  assert.equal(store.size, ref.length);
  assert.deepEqual(store.atoms().map(format), ref.map((e) => format(e.atom)));
  // Removing everything (compactions on the way), then the store is empty and still works.
  ref = ref.slice();
  for (const e of ref) assert.ok(store.remove(e.atom));
  assert.equal(store.size, 0);
  store.add(parseAtom('(r 1 2)'));
  const out: Atom[] = [];
  store.candidates(parseAtom('(r 1 $y)'), out);
  assert.deepEqual(out.map(format), ['(r 1 2)']);
});

test('the journal takes back ranges of adds newest first, to nested marks, beside other undo records', () => {
  const a = new GroundingSpace(), b = new GroundingSpace();
  const outer = startJournal();
  for (let i = 0; i < 5; i++) a.add(parseAtom(`(x ${i})`));
  const inner = startJournal();
  for (let i = 5; i < 8; i++) a.add(parseAtom(`(x ${i})`));
  b.add(parseAtom('(y 1)'));
  a.add(parseAtom('(x 8)'));
  rollbackJournal(inner);
  endJournal();
  assert.deepEqual(a.atoms().map(format), ['(x 0)', '(x 1)', '(x 2)', '(x 3)', '(x 4)']);
  assert.equal(b.size, 0);
  a.add(parseAtom('(x 9)'));
  rollbackJournal(outer);
  endJournal();
  assert.equal(a.size, 0);
  // Outside any journal nothing is recorded: a later rollback has nothing to take.
  a.add(parseAtom('(z)'));
  const m = startJournal();
  rollbackJournal(m);
  endJournal();
  assert.deepEqual(a.atoms().map(format), ['(z)']);
});

test('a grounded value whose hashCode is no 32-bit integer is still found by its argument bucket', () => {
  const odd = (n: number): Atom => gnd({
    typeAtom: () => sym('Odd'),
    equals: (o) => (o as { n?: number }).n === n,
    display: () => `odd${n}`,
    hashCode: () => 2 ** 40 + n + 0.5,
    n,
  } as GroundedValue & { n: number });
  const store = new MemoryStore();
  for (let i = 0; i < 50; i++) store.add(expr([sym('r'), odd(i), makeInt(i)]));
  const out: Atom[] = [];
  store.candidates(expr([sym('r'), odd(7), variable('y')]), out);
  assert.deepEqual(out.map((a) => format(a.items[2]!)), ['7']);
  const t = new KeyTable();
  t.add(2 ** 40 + 3, 1);
  t.add(2 ** 40 + 3, 2);
  assert.deepEqual(bucket(t, 2 ** 40 + 3), [1, 2]);
  assert.equal(t.size, 1);
});
