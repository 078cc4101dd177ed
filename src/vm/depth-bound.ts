// `(pragma! max-stack-depth N)` on the VM. The limit counts the tree-walker's
// continuation frames (src/interp/frames.ts `depth`), which the VM does not
// have one for one: it inlines `if`, `let`, `case` and the natives, and a
// tail call keeps its frame. So the VM keeps, per call frame, a bound on how
// many tree-walker frames the evaluation up to that frame can hold, and while
// the sum stays within the limit the tree-walker could not have overflowed
// (its answer is the unlimited one, which the VM computes). Past it the VM
// bails and the tree-walker runs the form with the limit, StackOverflow
// errors where it makes them. The bound per chunk is deliberately generous.
import { Atom, EXPRESSION, SYMBOL } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import type { Chunk } from './chunk.js';

/** Tree-walker frames per level of expression nesting: a collector and an argument frame. */
const PER_LEVEL = 2;
/** Extra frames of library forms whose definitions run minimal-MeTTa chains (collapse-bind, chain, function, unify). */
const LIBRARY_FORM = 8;
/** Frames of a call itself (its collector, a return frame) and of the root. */
const PER_CALL = 4;

const LIBRARY_FORMS = new Set(['let', 'let*', 'case', 'switch', 'collapse', 'match', 'unify', 'chain', 'function', 'eval', 'metta']);

/** At least as many tree-walker frames as evaluating chunk `c`'s body may stack above its caller's. */
export function chunkDepthBound(c: Chunk): number {
  if (c.depthBound < 0) {
    const src = c.sources[0];
    const body = src !== undefined && src.kind === EXPRESSION && src.items.length === 3 && src.items[0] === S.equals ? src.items[2]! : src;
    c.depthBound = PER_CALL + (body === undefined ? 0 : nestingBound(body));
  }
  return c.depthBound;
}

/** PER_LEVEL per level of nesting, LIBRARY_FORM more per library form, along the deepest path (iterative). */
function nestingBound(a: Atom): number {
  let best = 0;
  const stack: Array<[Atom, number]> = [[a, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x.kind !== EXPRESSION || x.items.length === 0) {
      if (d > best) best = d;
      continue;
    }
    const h = x.items[0]!;
    const here = d + PER_LEVEL + (h.kind === SYMBOL && LIBRARY_FORMS.has(h.name) ? LIBRARY_FORM : 0);
    if (here > best) best = here;
    for (const it of x.items) stack.push([it, here]);
  }
  return best;
}
