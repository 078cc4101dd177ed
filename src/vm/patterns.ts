// Compiled atoms with variables: patterns (matched against ground values,
// binding frame slots) and templates (instantiated from frame slots). Each is
// compiled once, when its rule or form is compiled, and reused on every call.
import { Atom, VARIABLE, EXPRESSION, GROUNDED, expr } from '../atom/atom.js';
import { varKey, type VarKey } from '../match/bindings.js';

export { PNode, N_CONST, N_SLOT, N_EXPR } from '../match/pattern-node.js';
import { PNode, N_CONST, N_SLOT, N_EXPR } from '../match/pattern-node.js';

/** Maps the variables of one rule (or form) to frame slots. */
export type SlotMap = Map<VarKey, number>;

function compileNode(a: Atom, slots: SlotMap): PNode {
  if (a.ground) return new PNode(N_CONST, a, -1, []);
  if (a.kind === VARIABLE) {
    const s = slots.get(varKey(a));
    if (s === undefined) throw new Error(`vm compiler: variable ${a.toString()} has no slot`);
    return new PNode(N_SLOT, a, s, []);
  }
  return new PNode(N_EXPR, a, -1, a.items.map((x) => compileNode(x, slots)));
}

/**
 * An atom to instantiate at run time; `atom` is the source, for printing.
 * `required` are the slots that must be bound; others (variables local to a
 * fallback subterm) may stay variables.
 */
export class Template {
  readonly atom: Atom;
  readonly required: readonly number[];
  /** True when every variable is required, so plain `instantiate` applies. */
  readonly closed: boolean;
  /** Why the tree-walker evaluates this template, when it is a fallback (for `--stats`). */
  readonly reason: string;
  private node: PNode | null = null;
  /** The rule's slots until the atom is compiled (its variables have theirs already). */
  private slots: SlotMap | null;
  /** `lazy`: compiled at the first use (a fallback's: most slow paths never run). */
  constructor(atom: Atom, slots: SlotMap, required: readonly number[] | null = null, reason = '', lazy = false) {
    this.atom = atom;
    this.reason = reason;
    this.closed = required === null;
    this.required = required ?? [];
    this.slots = slots;
    if (!lazy) this.compile();
  }
  get root(): PNode {
    return this.node ?? this.compile();
  }
  private compile(): PNode {
    this.node = compileNode(this.atom, this.slots!);
    this.slots = null;
    return this.node;
  }
}

/** The slots of a ground atom's template: it has no variables. */
export const NO_SLOTS: SlotMap = new Map();

/** A pattern to match against a ground value; `atom` is the source, for printing and queries. */
export class Pattern {
  readonly atom: Atom;
  readonly root: PNode;
  /** Slots of the pattern's variables, each once, in first-occurrence order. */
  readonly vars: readonly number[];
  /** The pattern's variables, parallel to `vars`. */
  readonly varAtoms: readonly Atom[];
  /** A slot that each answer binds to the whole pattern as it instantiates it (-1: none): a template equal to the pattern reads it. */
  readonly whole: number;
  constructor(atom: Atom, slots: SlotMap, whole = -1) {
    this.whole = whole;
    this.atom = atom;
    this.root = compileNode(atom, slots);
    const vars: number[] = [];
    const varAtoms: Atom[] = [];
    const stack: PNode[] = [this.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.kind === N_SLOT && !vars.includes(n.slot)) {
        vars.push(n.slot);
        varAtoms.push(n.atom);
      } else if (n.kind === N_EXPR) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]!);
    }
    this.vars = vars;
    this.varAtoms = varAtoms;
  }
}

/**
 * Instantiates a template node from slot values (`vals[base + slot]`).
 * Returns null when a slot it needs is unbound: the value would not be ground.
 */
export function instantiate(n: PNode, vals: ReadonlyArray<Atom | null>, base: number): Atom | null {
  switch (n.kind) {
    case N_CONST:
      return n.atom;
    case N_SLOT:
      return vals[base + n.slot] ?? null;
    default: {
      const items = n.items;
      const out = new Array<Atom>(items.length);
      for (let i = 0; i < items.length; i++) {
        const x = instantiate(items[i]!, vals, base);
        if (x === null) return null;
        out[i] = x;
      }
      return expr(out);
    }
  }
}

/**
 * Instantiates a pattern for a space query: bound slots become their values,
 * unbound ones stay the pattern's own variables.
 */
export function instantiateOpen(n: PNode, vals: ReadonlyArray<Atom | null>, base: number): Atom {
  switch (n.kind) {
    case N_CONST:
      return n.atom;
    case N_SLOT:
      return vals[base + n.slot] ?? n.atom;
    default:
      return expr(n.items.map((x) => instantiateOpen(x, vals, base)));
  }
}

/** Does `a` contain a grounded atom with its own matching rules (a space) at the top? */
export function isCustomMatcher(a: Atom): boolean {
  if (a.kind !== GROUNDED) return false;
  const v = a.value as { matchAtom?: unknown };
  return typeof v.matchAtom === 'function';
}

export function isExpr(a: Atom): boolean {
  return a.kind === EXPRESSION;
}
