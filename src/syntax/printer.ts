// Prints atoms exactly as hyperon displays them. Iterative, so an expression of
// any depth prints without growing the JS stack.
import { type Atom, SYMBOL, VARIABLE, EXPRESSION, variableLabel, setAtomPrinter } from '../atom/atom.js';

function leaf(a: Atom): string {
  switch (a.kind) {
    case SYMBOL: return a.name;
    case VARIABLE: return '$' + variableLabel(a);
    case EXPRESSION: return '()';
    default: return a.value!.display();
  }
}

/** Text of an atom: `sym`, `$x` / `$x#12`, `(a b c)`, `()`, grounded values via their display(). */
export function format(atom: Atom): string {
  if (atom.kind !== EXPRESSION || atom.items.length === 0) return leaf(atom);
  // Open expressions and the index of the next child to print in each.
  const stack: Atom[] = [atom];
  const next: number[] = [0];
  let sp = 1;
  let out = '(';
  while (sp > 0) {
    const top = stack[sp - 1]!;
    const i = next[sp - 1]!;
    if (i === top.items.length) {
      out += ')';
      sp--;
      continue;
    }
    next[sp - 1] = i + 1;
    if (i > 0) out += ' ';
    const child = top.items[i]!;
    if (child.kind === EXPRESSION && child.items.length > 0) {
      out += '(';
      stack[sp] = child;
      next[sp] = 0;
      sp++;
    } else {
      out += leaf(child);
    }
  }
  return out;
}

/** A result list as the hyperon CLIs print it: `[a, b]`, and `[]` for none. */
export function formatResults(results: readonly Atom[]): string {
  let out = '[';
  for (let i = 0; i < results.length; i++) {
    if (i > 0) out += ', ';
    out += format(results[i]!);
  }
  return out + ']';
}

setAtomPrinter(format);
