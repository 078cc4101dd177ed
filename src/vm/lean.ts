// Lean results: `(let $r (collapse X) (size-atom $r))` needs the number of
// X's results, not their list. When $r is read nowhere else, the JS tier may
// count X's results instead of gathering them (and the tuples the results
// are made of die young): see the VM's GATHER_PUSH and jit/nondet.ts.
import { EXPRESSION, GROUNDED, VARIABLE, type Atom } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { operationOf } from '../stdlib/operation.js';
import { isStandardOp } from './space-info.js';
import { N_SLOT, type PNode } from './patterns.js';
import { minimalReadsSlot, type Ir } from './ir.js';

/** Is `ir` (a let) `(let $r (collapse X) (size-atom $r))` with $r read nowhere else in `root`? */
export function isCountedCollapse(ir: Extract<Ir, { t: 'let' }>, root: Ir): boolean {
  const p = ir.pat.root;
  if (p.kind !== N_SLOT || ir.value.t !== 'collapse' || ir.body.t !== 'fallback') return false;
  const t = ir.body.tpl.root;
  if (t.items.length !== 2 || t.items[1]!.kind !== N_SLOT || t.items[1]!.slot !== p.slot) return false;
  const h = t.items[0]!.atom;
  if (h.kind !== GROUNDED || !isStandardOp(h) || operationOf(h)?.name !== 'size-atom') return false;
  return t.atom.kind === EXPRESSION && reads(root, p.slot) === 2;
}

/**
 * Are `rules` exactly one untyped `(= (f $xs) (size-atom $xs))`? A call of f on a collapse is
 * then the number of the collapse's results, as the let above is (the caller checks f is untyped).
 */
export function isSizeFunction(rules: readonly Atom[] | null): boolean {
  if (rules === null || rules.length !== 1) return false;
  const r = rules[0]!;
  if (r.kind !== EXPRESSION || r.items.length !== 3 || r.items[0] !== S.equals) return false;
  const call = r.items[1]!, body = r.items[2]!;
  if (call.kind !== EXPRESSION || call.items.length !== 2 || body.kind !== EXPRESSION || body.items.length !== 2) return false;
  const v = call.items[1]!, h = body.items[0]!;
  const w = body.items[1]!;
  if (v.kind !== VARIABLE || w.kind !== VARIABLE || v.name !== w.name || v.id !== w.id) return false;
  return h.kind === GROUNDED && isStandardOp(h) && operationOf(h)?.name === 'size-atom';
}

/** Occurrences of `slot` on the fast paths of `ir` (slow-path templates copy other nodes' source: skipped). */
function reads(ir: Ir, slot: number): number {
  const inNode = (n: PNode): number => (n.kind === N_SLOT ? (n.slot === slot ? 1 : 0) : n.items.reduce((a, x) => a + inNode(x), 0));
  const checks = (cs: ReadonlyArray<{ readonly slot: number }>): number => cs.filter((c) => c.slot === slot).length;
  const all = (xs: readonly Ir[]): number => xs.reduce((a, x) => a + reads(x, slot), 0);
  switch (ir.t) {
    case 'const': return 0;
    case 'slot': return ir.slot === slot ? 1 : 0;
    case 'build': case 'eval-built': case 'fallback': return inNode(ir.tpl.root);
    case 'native': return checks(ir.checks) + all(ir.args);
    case 'call': return (ir.typed === undefined ? 0 : checks(ir.typed.checks)) + all(ir.args);
    case 'cons': return (ir.typed === undefined ? 0 : checks(ir.typed.checks)) + all(ir.items);
    case 'if': return checks(ir.checks) + reads(ir.cond, slot) + reads(ir.then, slot) + reads(ir.else, slot);
    case 'let': return inNode(ir.pat.root) + (ir.literalSlot === slot ? 1 : 0) + reads(ir.value, slot) + reads(ir.body, slot);
    case 'case': return reads(ir.scrut, slot) + ir.cases.reduce((a, c) => a + inNode(c.pat.root) + reads(c.body, slot), 0);
    case 'superpose': return all(ir.alts);
    case 'superpose-slot': return ir.slot === slot ? 1 : 0;
    case 'collapse': return reads(ir.body, slot);
    case 'match': return inNode(ir.pat.root) + reads(ir.body, slot);
    case 'list-op': return checks(ir.checks) + reads(ir.arg, slot);
    case 'cons-atom': return checks(ir.checks) + reads(ir.first, slot) + reads(ir.rest, slot);
    case 'add-atom': return reads(ir.atom, slot);
    // The call's template is read by TYPARAM's check too: counted (more reads only keep the list).
    case 'typed-dyn': return inNode(ir.call.root) + all(ir.args);
    case 'gcall': return (ir.check === null ? 0 : inNode(ir.check.root)) + all(ir.args);
    // Counted as two reads when read at all (more reads only keep the list).
    case 'minimal': return (ir.ret === null ? 0 : inNode(ir.ret.root))
      + (minimalReadsSlot(ir.body, slot, (t) => inNode(t.root) > 0, (p) => inNode(p.root) > 0) ? 2 : 0);
  }
}
