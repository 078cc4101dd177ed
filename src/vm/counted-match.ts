// Lean results for a counted match: `(let $r (collapse (match S P T)) (size-atom $r))`
// needs how many results the match gives. When every instance of T is data
// that evaluates to itself (isInert), each answer of P gives exactly one
// result, so the count is the number of answers: the bytecode loop would
// build, check and gather every instance and keep the list until size-atom.
// Here the answers come as rows, each instance is built and checked and
// dropped at once (it dies young), and nothing is gathered. Anything else
// (an instance that is not inert, a row that is not ground) leaves the
// region to the loop, which then does exactly what it always did.
import { expr, type Atom } from '../atom/atom.js';
import { spaceOf } from '../space/space.js';
import type { Region } from './chunk.js';
import type { Ir } from './ir.js';
import { isInert } from './inert.js';
import { N_EXPR, instantiate, instantiateOpen } from './patterns.js';
import type { SpaceInfo } from './space-info.js';

/** Tuning for tests: off, counted regions always run through the loop. */
export const countedMatchTuning = { on: true };

/** Regions whose instances were once not all inert: the loop runs them from then on (the query is not made twice again). */
const declined = new WeakSet<Ir>();

/**
 * The number of results of the counted region `region` (its body a `match`)
 * under the frame's slot values, or null when the loop must run it.
 * `vals` is written only in slots the pattern binds, and given back as it was.
 */
export function countedMatch(info: SpaceInfo, region: Region, vals: Array<Atom | null>, base: number): number | null {
  const m = region.body;
  if (!countedMatchTuning.on || m.t !== 'match' || declined.has(m)) return null;
  const build = builder(m.body);
  // A template equal to the pattern reads the whole instance (a slot of its own): the loop's case.
  const p = m.pat;
  if (build === null || p.whole >= 0) return null;
  const space = spaceOf(m.space);
  if (space === null) return null;
  const free = p.vars.filter((s) => vals[base + s] === null);
  const atoms = free.map((s) => p.varAtoms[p.vars.indexOf(s)]!);
  const cells: Atom[] = [];
  const n = space.queryCells(instantiateOpen(p.root, vals, base), atoms, false, cells);
  const w = free.length;
  let inert = true;
  for (let r = 0; r < n && inert; r++) {
    for (let j = 0; j < w; j++) {
      const c = cells[r * w + j]!;
      // The loop hands a non-ground answer to the tree-walker.
      if (!c.ground) inert = false;
      vals[base + free[j]!] = c;
    }
    const v = inert ? build(vals, base) : null;
    if (v === null || !isInert(info, v)) inert = false;
  }
  for (const s of free) vals[base + s] = null;
  if (!inert) {
    declined.add(m);
    return null;
  }
  return n;
}

/**
 * How the match body makes its value from the slots, where an inert value is
 * the body's one result: a template evaluated as a value (an inert one is
 * itself), or a tuple of constants and slots no rule applies to (its items, each
 * inert when the whole is, evaluate to themselves). Null for other bodies.
 */
function builder(body: Ir): ((vals: ReadonlyArray<Atom | null>, base: number) => Atom | null) | null {
  if (body.t === 'eval-built') {
    const root = body.tpl.root;
    return root.kind === N_EXPR ? (vals, base) => instantiate(root, vals, base) : null;
  }
  if (body.t !== 'cons' || body.typed !== undefined || body.evalResult === true) return null;
  const items = body.items;
  for (const x of items) if (x.t !== 'const' && x.t !== 'slot') return null;
  return (vals, base) => {
    const out = new Array<Atom>(items.length);
    for (let i = 0; i < items.length; i++) {
      const x = items[i]!;
      const v = x.t === 'const' ? x.atom : x.t === 'slot' ? vals[base + x.slot] : null;
      if (v === null || v === undefined) return null;
      out[i] = v;
    }
    return expr(out);
  };
}
