// Lean results for a collapsed match, `(collapse (match S P T))`: when every
// instance of T is data that evaluates to itself (isInert), each answer of P
// gives exactly one result, that instance. Then the list is the instances in
// answer order, made in one pass over the answers' rows, without the bytecode
// loop's resumption, evaluation and gathering per answer; and a counted one,
// `(let $r (collapse (match S P T)) (size-atom $r))`, is the number of
// answers, each instance built, checked and dropped at once (it dies young).
// Anything else (an instance that is not inert, a row that is not ground)
// leaves the region to the loop, which then does exactly what it always did.
import { expr, EXPRESSION, GROUNDED, SYMBOL, type Atom } from '../atom/atom.js';
import { NumberValue } from '../atom/grounded.js';
import { spaceOf } from '../space/space.js';
import type { Region } from './chunk.js';
import type { Ir } from './ir.js';
import { evaluatesToItself, isInert, isTypedData } from './inert.js';
import { N_EXPR, N_SLOT, instantiate, instantiateOpen, type PNode } from './patterns.js';
import type { SpaceInfo } from './space-info.js';
import { TY_UNDEF } from './opcodes.js';

/** Tuning for tests: off, collapsed matches always run through the loop; `answered` counts the regions answered here. */
export const collapsedMatchTuning = { on: true, answered: 0 };

/** Regions whose instances were once not all inert: the loop runs them from then on (the query is not made twice again). */
const declined = new WeakSet<Ir>();

/**
 * The results of the collapse region `region` (its body a `match`) under the
 * frame's slot values: their number when `count`, else their list; null when
 * the loop must run it. `vals` is written only in slots the pattern binds, and
 * given back as it was. `held(k)` is called every so often with the number of
 * instances kept so far (the loop's clock and memory checks).
 */
export function collapsedMatch(
  info: SpaceInfo, region: Region, vals: Array<Atom | null>, base: number, count: boolean, held: (k: number) => void,
): Atom | number | null {
  const m = region.body;
  if (!collapsedMatchTuning.on || m.t !== 'match' || declined.has(m)) return null;
  const p = m.pat;
  // A template equal to the pattern reads the whole instance, the stored atom itself (a slot of its own).
  const build = p.whole >= 0 ? wholeInstance(m.body, p.whole) : builder(m.body);
  if (build === null) return null;
  const space = spaceOf(m.space);
  if (space === null) return null;
  // Rows carry the variables the template reads. An answer binding any variable of the match to
  // something not ground (a stored atom's variable) the loop hands to the tree-walker, and so must
  // this: the query says so for the others (-1).
  const unbound = p.vars.filter((s) => vals[base + s] === null);
  const free = unbound.filter((s) => build.reads(s));
  const varAtom = (s: number): Atom => p.varAtoms[p.vars.indexOf(s)]!;
  const atoms = free.map(varAtom);
  const unread = unbound.filter((s) => !build.reads(s)).map(varAtom);
  // The whole instance comes last in each row.
  const slots = p.whole >= 0 ? [...free, p.whole] : free;
  const w = slots.length;
  const list: Atom[] = [];
  // A counted tuple of numbers need not be made: it evaluates to itself unless a rule has a value for a head.
  const numbers = count && !info.space.hasValueHeadedRules() ? build.numbers : null;
  let inert = true;
  /** Every instance proven as a list's item is (so the list is inert too). */
  let listable = true;
  // One answer's row (its cells from `at` on): its instance made, checked, and kept unless counted.
  const take = (cells: readonly Atom[], at: number): void => {
    if (!inert) return;
    for (let j = 0; j < w; j++) {
      const c = cells[at + j]!;
      // The loop hands a non-ground answer to the tree-walker.
      if (!c.ground) inert = false;
      vals[base + slots[j]!] = c;
    }
    if (!inert || (numbers !== null && numbersIn(numbers, vals, base))) return;
    const v = build.make(vals, base);
    if (v === null) {
      inert = false;
      return;
    }
    // evaluatesToItself, with the cases a list of them is inert in told apart (isInert's rule for a
    // tuple: an untyped head's item proven by isInert, a typed one's by isTypedData).
    const h = v.kind === EXPRESSION && v.items.length > 0 ? v.items[0]! : null;
    if (h !== null && (h === info.dataHead || h.kind !== SYMBOL || !info.typed(h))) {
      if (!isInert(info, v)) inert = false;
    } else if (h === null || !isTypedData(info, v)) {
      listable = false;
      if (!evaluatesToItself(info, v, TY_UNDEF)) inert = false;
    }
    if (inert && !count) {
      list.push(v);
      if ((list.length & HELD_EVERY) === 0) held(list.length);
    }
  };
  const pattern = instantiateOpen(p.root, vals, base);
  let n: number;
  try {
    if (count) {
      // Counted: each row is checked as the join finds it, and nothing is kept (nor sorted back into order).
      n = space.queryEach(pattern, atoms, p.whole >= 0, (row) => take(row, 0), unread);
    } else {
      const cells: Atom[] = [];
      n = space.queryCells(pattern, atoms, p.whole >= 0, cells, unread);
      for (let r = 0; r < n && inert; r++) take(cells, r * w);
    }
  } finally {
    for (const s of slots) vals[base + s] = null;
  }
  if (n < 0 || !inert) {
    declined.add(m);
    return null;
  }
  collapsedMatchTuning.answered++;
  if (count) return n;
  const out = expr(list);
  // The list is inert as its items are (isInert's rule for a tuple of data): remembered, so the
  // value it becomes is not walked again item by item.
  if (listable && list.length > 0 && !(info.exprTypeDecls || info.exprCallRules())) info.inert.add(out);
  return out;
}

/** How often (instances kept, less one) the clock and memory are checked while a list is made. */
const HELD_EVERY = 4095;

/**
 * How the match body makes its value from the slots, where an inert value is
 * the body's one result: a template evaluated as a value (an inert one is
 * itself), or a tuple of constants and slots no rule applies to (its items, each
 * inert when the whole is, evaluate to themselves). Null for other bodies.
 */
function builder(body: Ir): Builder | null {
  if (body.t === 'eval-built') {
    const root = body.tpl.root;
    if (root.kind !== N_EXPR) return null;
    const read = new Set(slotsOf(root, []));
    const numbers = root.items.every((x) => x.kind === N_SLOT) ? root.items.map((x) => (x as { slot: number }).slot) : null;
    return { make: (vals, base) => instantiate(root, vals, base), reads: (s) => read.has(s), numbers };
  }
  if (body.t !== 'cons' || body.typed !== undefined || body.evalResult === true) return null;
  const items = body.items;
  if (!items.every((x) => x.t === 'slot' || x.t === 'const')) return null;
  const read = new Set(items.flatMap((x) => (x.t === 'slot' ? [x.slot] : [])));
  return {
    reads: (s) => read.has(s),
    numbers: items.every((x) => x.t === 'slot') ? items.map((x) => (x as { slot: number }).slot) : null,
    make: (vals, base) => {
      const out = new Array<Atom>(items.length);
      for (let i = 0; i < items.length; i++) {
        const x = items[i]!;
        const v = x.t === 'const' ? x.atom : x.t === 'slot' ? vals[base + x.slot] : null;
        if (v === null || v === undefined) return null;
        out[i] = v;
      }
      return expr(out);
    },
  };
}

/** The body of a match whose template is its pattern: the whole instance's slot, evaluated (an inert one is itself). */
function wholeInstance(body: Ir, whole: number): Builder | null {
  if (body.t !== 'slot' || body.slot !== whole) return null;
  return { make: (vals, base) => vals[base + whole] ?? null, reads: (s) => s === whole, numbers: null };
}

interface Builder {
  readonly make: (vals: ReadonlyArray<Atom | null>, base: number) => Atom | null;
  /** Does the instance read slot s? */
  readonly reads: (s: number) => boolean;
  /** For a tuple of slots only: the slots, in order (a tuple of numbers is counted without being made). */
  readonly numbers: readonly number[] | null;
}

/** Does every one of these slots hold a number? */
function numbersIn(slots: readonly number[], vals: ReadonlyArray<Atom | null>, base: number): boolean {
  for (let i = 0; i < slots.length; i++) {
    const v = vals[base + slots[i]!];
    if (v === null || v === undefined || v.kind !== GROUNDED || !(v.value instanceof NumberValue)) return false;
  }
  return slots.length > 0;
}

/** The slots a pattern node reads. */
function slotsOf(n: PNode, out: number[]): number[] {
  if (n.kind === N_SLOT) out.push(n.slot);
  else if (n.kind === N_EXPR) for (const c of n.items) slotsOf(c, out);
  return out;
}
