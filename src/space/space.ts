// The atom store: insertion-ordered, duplicates kept, indexed on the head symbol
// and on the shape of the first argument so a query with a known head (and
// usually a known function name, as in `(= (f …) $X)`) never scans the space.
import { Atom, SYMBOL, VARIABLE, EXPRESSION, GROUNDED, atomEq, gnd, type GroundedValue } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings, collectVars, retainVars, type VarKey } from '../match/bindings.js';
import { unifyStored, unifyAll, type CustomMatcher } from '../match/unify.js';

interface Entry {
  readonly atom: Atom;
  readonly seq: number;
  removed: boolean;
}

/** The shape of an atom at the first-argument position, or null when it could match anything. */
function subKey(a: Atom): string | null {
  switch (a.kind) {
    case SYMBOL:
      return 's' + a.name;
    case VARIABLE:
      return null;
    case EXPRESSION: {
      if (a.items.length === 0) return 'e()';
      const h = a.items[0]!;
      if (h.kind === SYMBOL) return 'e' + h.name;
      if (h.kind === GROUNDED) return 'eg' + h.value!.hashCode();
      return null;
    }
    default:
      return 'g' + a.value!.hashCode();
  }
}

/** Something that can be queried like a space: the interpreter only needs these. */
export interface AtomSpace {
  add(atom: Atom): void;
  remove(atom: Atom): boolean;
  /** All binding sets under which `pattern` matches a stored atom (conjunctions `(, …)` included). */
  query(pattern: Atom, bindings?: Bindings): Bindings[];
  /** Candidate atoms that could unify with `pattern`, in insertion order (no unification done). */
  candidates(pattern: Atom): Atom[];
  atoms(): Atom[];
  readonly size: number;
  /** Changes whenever the space is modified: lets caches know they are stale. */
  readonly version: number;
}

let spaceCounter = 0;
/** Bumped by every new dependency anywhere: it may change what any space sees. */
let dependencyEpoch = 0;

export class GroundingSpace implements AtomSpace {
  private seq = 0;
  private all: Entry[] = [];
  private removedCount = 0;
  private readonly byHead = new Map<string, Entry[]>();
  private readonly byHeadArg = new Map<string, Entry[]>();
  private readonly headWild = new Map<string, Entry[]>();
  private wild: Entry[] = [];
  private ownVersion = 0;
  private ownSchemaVersion = 0;
  /** Spaces whose atoms queries also see (imported modules, the standard library). */
  readonly deps: GroundingSpace[] = [];
  readonly id = ++spaceCounter;

  name: string | null = null;

  get size(): number {
    return this.all.length - this.removedCount;
  }

  get version(): number {
    if (this.deps.length === 0) return this.ownVersion;
    let v = 0;
    for (const s of this.visibleSpaces()) v += s.ownVersion;
    return v;
  }

  /**
   * Changes only when rules, type declarations or atoms that could match
   * them change (`=`, `:`, `:<` and atoms without a symbol head): what compiled
   * code and type caches depend on. Adding plain facts leaves it alone.
   */
  get schemaVersion(): number {
    if (this.deps.length === 0) return this.ownSchemaVersion;
    let v = 0;
    for (const s of this.visibleSpaces()) v += s.ownSchemaVersion;
    return v;
  }

  private touch(atom: Atom): void {
    this.ownVersion++;
    if (atom.kind !== EXPRESSION || atom.items.length === 0 || atom.items[0]!.kind !== SYMBOL) this.ownSchemaVersion++;
    else {
      const h = atom.items[0]!;
      if (h === S.equals || h === S.colon || h === S.subtype) this.ownSchemaVersion++;
    }
  }

  /** Makes `dep`'s atoms visible to queries on this space (once). */
  addDependency(dep: GroundingSpace): boolean {
    if (dep === this || this.deps.includes(dep)) return false;
    this.deps.push(dep);
    this.ownVersion++;
    this.ownSchemaVersion++;
    dependencyEpoch++;
    return true;
  }

  add(atom: Atom): void {
    const e: Entry = { atom, seq: this.seq++, removed: false };
    this.touch(atom);
    this.all.push(e);
    if (atom.kind !== EXPRESSION || atom.items.length === 0 || atom.items[0]!.kind !== SYMBOL) {
      this.wild.push(e);
      return;
    }
    const k1 = atom.items[0]!.name;
    push(this.byHead, k1, e);
    const k2 = atom.items.length > 1 ? subKey(atom.items[1]!) : '';
    if (k2 === null) push(this.headWild, k1, e);
    else push(this.byHeadArg, k1 + '\u0000' + k2, e);
  }

  remove(atom: Atom): boolean {
    for (const e of this.all) {
      if (!e.removed && atomEq(e.atom, atom)) {
        e.removed = true;
        this.removedCount++;
        this.touch(atom);
        if (this.removedCount > 32 && this.removedCount * 2 > this.all.length) this.compact();
        return true;
      }
    }
    return false;
  }

  private compact(): void {
    const live = this.all.filter((e) => !e.removed);
    this.all = [];
    this.removedCount = 0;
    this.byHead.clear();
    this.byHeadArg.clear();
    this.headWild.clear();
    this.wild = [];
    const seq = this.seq;
    for (const e of live) this.add(e.atom);
    this.seq = seq + live.length;
    this.ownVersion++;
    this.ownSchemaVersion++;
  }

  atoms(): Atom[] {
    const out: Atom[] = [];
    for (const e of this.all) if (!e.removed) out.push(e.atom);
    return out;
  }

  candidates(pattern: Atom): Atom[] {
    const out: Atom[] = [];
    if (this.deps.length === 0) this.localCandidates(pattern, out);
    else for (const s of this.visibleSpaces()) s.localCandidates(pattern, out);
    return out;
  }

  /** This space and its dependencies, each once, dependencies first (a module imported twice counts once). */
  private visibleCache: GroundingSpace[] | null = null;
  private visibleEpoch = -1;
  private visibleSpaces(): GroundingSpace[] {
    if (this.visibleCache !== null && this.visibleEpoch === dependencyEpoch) return this.visibleCache;
    const seen = new Set<GroundingSpace>();
    const order: GroundingSpace[] = [];
    const visit = (s: GroundingSpace): void => {
      if (seen.has(s)) return;
      seen.add(s);
      for (const d of s.deps) visit(d);
      order.push(s);
    };
    visit(this);
    this.visibleCache = order;
    this.visibleEpoch = dependencyEpoch;
    return order;
  }

  private localCandidates(pattern: Atom, out: Atom[]): void {
    if (pattern.kind !== EXPRESSION || pattern.items.length === 0 || pattern.items[0]!.kind !== SYMBOL) {
      for (const e of this.all) if (!e.removed) out.push(e.atom);
      return;
    }
    const k1 = pattern.items[0]!.name;
    const k2 = pattern.items.length > 1 ? subKey(pattern.items[1]!) : '';
    if (k2 === null) mergeBySeq(this.wild, this.byHead.get(k1) ?? NONE, NONE, out);
    else mergeBySeq(this.wild, this.byHeadArg.get(k1 + '\u0000' + k2) ?? NONE, this.headWild.get(k1) ?? NONE, out);
  }

  query(pattern: Atom, bindings: Bindings = Bindings.EMPTY): Bindings[] {
    const results = this.queryRaw(pattern, bindings);
    if (results.length === 0) return results;
    const keep = collectVars(pattern, new Set<VarKey>());
    for (const k of bindings.map.keys()) keep.add(k);
    return results.map((b) => retainVars(b, keep));
  }

  /** Query without narrowing the result bindings to the pattern's variables. */
  queryRaw(pattern: Atom, bindings: Bindings): Bindings[] {
    if (pattern.kind === EXPRESSION && pattern.items.length > 0 && pattern.items[0] === S.comma) {
      let current: Bindings[] = [bindings];
      for (let i = 1; i < pattern.items.length && current.length > 0; i++) {
        const next: Bindings[] = [];
        const p = pattern.items[i]!;
        for (const b of current) for (const r of this.queryRaw(p, b)) next.push(r);
        current = next;
      }
      return current;
    }
    const out: Bindings[] = [];
    const resolved = bindings.apply(pattern);
    for (const atom of this.candidates(resolved)) {
      const r = unifyStored(resolved, atom, bindings, new Map());
      if (r !== null) out.push(r);
    }
    return out;
  }
}

const NONE: Entry[] = [];

function push(m: Map<string, Entry[]>, k: string, e: Entry): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, [e]);
  else l.push(e);
}

/** Appends the live entries of three insertion-ordered lists to `out`, in insertion order. */
function mergeBySeq(a: Entry[], b: Entry[], c: Entry[], out: Atom[]): void {
  let i = 0, j = 0, k = 0;
  for (;;) {
    const ea = a[i], eb = b[j], ec = c[k];
    let e: Entry | undefined = ea;
    if (eb !== undefined && (e === undefined || eb.seq < e.seq)) e = eb;
    if (ec !== undefined && (e === undefined || ec.seq < e.seq)) e = ec;
    if (e === undefined) return;
    if (e === ea) i++;
    else if (e === eb) j++;
    else k++;
    if (!e.removed) out.push(e.atom);
  }
}

/** A space as a grounded atom (`&self`, `(new-space)`); matching against it queries it. */
export class SpaceValue implements GroundedValue, CustomMatcher {
  readonly space: GroundingSpace;
  constructor(space: GroundingSpace) {
    this.space = space;
  }
  typeAtom(): Atom {
    return S.spaceType;
  }
  equals(o: GroundedValue): boolean {
    return o instanceof SpaceValue && o.space === this.space;
  }
  display(): string {
    return this.space.name ?? `GroundingSpace-0x${(0x1000 + this.space.id * 0x40).toString(16)}`;
  }
  hashCode(): number {
    return this.space.id * 7919;
  }
  matchAtom(other: Atom, bindings: Bindings): Bindings[] {
    if (other.kind === GROUNDED) return other.value instanceof SpaceValue && other.value.space === this.space ? [bindings] : [];
    return this.space.query(other, bindings);
  }
}

export function spaceAtom(space: GroundingSpace): Atom {
  return gnd(new SpaceValue(space));
}

export function spaceOf(a: Atom): GroundingSpace | null {
  return a.kind === GROUNDED && a.value instanceof SpaceValue ? a.value.space : null;
}

export { unifyAll };
