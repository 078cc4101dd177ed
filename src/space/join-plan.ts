// Plans a conjunction `(, p1 … pn)` for a store: the longest leading run of
// conjuncts that can only meet ground stored atoms is joined as a whole (an
// index nested-loop join, which reorders and probes indexes on every bound
// argument), and the remaining conjuncts are matched one at a time, depth
// first, under each joined answer. Answers come back exactly as the
// left-to-right evaluation gives them: the joined prefix is in that order, and
// the rest is the same left-to-right matching, done per answer instead of per
// level (so no level's answers are all held at once).
import type { Atom } from '../atom/atom.js';
import type { Bindings } from '../match/bindings.js';

/** What the planner needs from a store: no index internals, so any backend can offer it. */
export interface ConjunctionStore {
  /** Whether `conjunct` (under the bindings so far) can only meet ground stored atoms, so the ground join may take it. */
  joinable(conjunct: Atom, bindings: Bindings): boolean;
  /** All answers of the conjunction of `conjuncts` over ground atoms, in left-to-right order; null when the join does not apply. */
  joinGround(conjuncts: readonly Atom[], bindings: Bindings): Bindings[] | null;
  /** All answers of one conjunct (itself possibly a conjunction) under `bindings`, in order. */
  matchOne(conjunct: Atom, bindings: Bindings): Bindings[];
}

/**
 * The answers of the conjunction of `conjuncts` under `bindings`, or null
 * when planning gains nothing (fewer than two leading joinable conjuncts, or
 * all of them: the caller has tried the whole join already): the caller then
 * runs its plain left-to-right loop.
 */
export function planConjunction(store: ConjunctionStore, conjuncts: readonly Atom[], bindings: Bindings): Bindings[] | null {
  let k = 0;
  while (k < conjuncts.length && store.joinable(conjuncts[k]!, bindings)) k++;
  if (k < 2 || k === conjuncts.length) return null;
  const joined = store.joinGround(conjuncts.slice(0, k), bindings);
  if (joined === null) return null;
  const out: Bindings[] = [];
  for (const b of joined) extend(store, conjuncts, k, b, out);
  return out;
}

/** Matches conjuncts `i…` under `b`, depth first, appending every answer to `out`. */
function extend(store: ConjunctionStore, conjuncts: readonly Atom[], i: number, b: Bindings, out: Bindings[]): void {
  const rs = store.matchOne(conjuncts[i]!, b);
  if (i + 1 === conjuncts.length) {
    for (const r of rs) out.push(r);
    return;
  }
  for (const r of rs) extend(store, conjuncts, i + 1, r, out);
}

/**
 * A join order fixed before the search: from the conjuncts not yet placed,
 * the one with the smallest estimated candidate count given the slots bound
 * by those placed before it (ties to the leftmost); a conjunct that `waits`
 * (its stored atoms may have variables of their own) goes only once its
 * slots are bound, or when nothing else is left. One estimate per conjunct
 * and step, instead of a count of every conjunct at every node of the search.
 */
export function planOrder(
  slots: ReadonlyArray<readonly number[]>,
  nslots: number,
  estimate: (c: number, bound: Uint8Array) => number,
  waits: (c: number) => boolean,
): number[] {
  const n = slots.length;
  const bound = new Uint8Array(nslots);
  const placed = new Uint8Array(n);
  const order: number[] = [];
  while (order.length < n) {
    let best = -1, bestEst = Infinity, waiting = -1;
    for (let c = 0; c < n; c++) {
      if (placed[c] === 1) continue;
      if (waits(c) && slots[c]!.some((s) => bound[s] === 0)) {
        if (waiting < 0) waiting = c;
        continue;
      }
      const e = estimate(c, bound);
      if (e < bestEst) {
        best = c;
        bestEst = e;
      }
    }
    if (best < 0) best = waiting;
    placed[best] = 1;
    order.push(best);
    for (const s of slots[best]!) bound[s] = 1;
  }
  return order;
}
