// Tabling: automatic memoisation of pure functions on the VM. A tabled
// procedure's call with given (ground) arguments is evaluated once, all its
// results kept in order (a multiset, errors and Empty included), and every
// later call with equal arguments replays them. Tables live on a Program,
// which belongs to one schema version of its space, so adding or removing a
// rule or type starts empty tables; functions that read spaces or state are
// never tabled, so facts and state changes cannot make a table stale.
import { Atom, atomEq } from '../atom/atom.js';
import type { Ir } from './ir.js';
import type { Proc } from './compiler.js';
import type { SpaceInfo } from './space-info.js';

/** Entries kept per program at most: past this, calls still run, untabled. */
const MAX_ENTRIES = 1_000_000;

export interface TableEntry {
  readonly hash: number;
  readonly args: readonly Atom[];
  readonly ty: number;
  /** null while the call is being evaluated (a re-entrant call with the same arguments runs untabled). */
  results: readonly Atom[] | null;
}

/** The answers of one procedure, keyed by its arguments and the requested type. */
export class AnswerTable {
  private readonly buckets = new Map<number, TableEntry[]>();

  /** The entry for these arguments, or undefined. */
  find(vals: ReadonlyArray<Atom | null>, from: number, n: number, ty: number): TableEntry | undefined {
    const bucket = this.buckets.get(keyHash(vals, from, n, ty));
    if (bucket === undefined) return undefined;
    outer: for (const e of bucket) {
      if (e.ty !== ty) continue;
      for (let i = 0; i < n; i++) {
        const a = e.args[i]!, b = vals[from + i]!;
        if (a !== b && !atomEq(a, b)) continue outer;
      }
      return e;
    }
    return undefined;
  }

  /** Opens an entry for a call about to be evaluated; null when the table is full. */
  open(vals: ReadonlyArray<Atom | null>, from: number, n: number, ty: number, total: TableTotals): TableEntry | null {
    if (total.entries >= MAX_ENTRIES) return null;
    const args = new Array<Atom>(n);
    for (let i = 0; i < n; i++) args[i] = vals[from + i]!;
    const h = keyHash(vals, from, n, ty);
    const e: TableEntry = { hash: h, args, ty, results: null };
    const bucket = this.buckets.get(h);
    if (bucket === undefined) this.buckets.set(h, [e]);
    else bucket.push(e);
    total.entries++;
    return e;
  }

  /** Stores the answers of an evaluated entry. */
  keep(e: TableEntry, results: readonly Atom[], total: TableTotals): void {
    e.results = results;
    total.answers += results.length;
  }

  /** Drops an entry whose evaluation failed (an exception, or results that cannot be replayed). */
  discard(e: TableEntry, total: TableTotals): void {
    const bucket = this.buckets.get(e.hash);
    const i = bucket === undefined ? -1 : bucket.indexOf(e);
    if (i < 0) return;
    bucket!.splice(i, 1);
    if (e.results !== null) total.answers -= e.results.length;
    if (bucket!.length === 0) this.buckets.delete(e.hash);
    total.entries--;
  }
}

/** Counts shared by every table of one program. */
export interface TableTotals {
  entries: number;
  /** Answers kept over all entries (charged to the memory budget). */
  answers: number;
}

function keyHash(vals: ReadonlyArray<Atom | null>, from: number, n: number, ty: number): number {
  let h = 0x811c9dc5 ^ ty;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ vals[from + i]!.hash, 0x01000193);
  return h;
}

/**
 * Should this procedure be tabled? It must be pure (no side effects, no
 * reading of spaces or state) and call its own recursion at least twice in
 * one rule body (fib, tree recursion): tabling a linear recursion such as a
 * loop only fills memory, since no call is ever repeated.
 */
export function shouldTable(p: Proc, info: SpaceInfo, procs: readonly Proc[]): boolean {
  if (p.lowered === null || p.failed) return false;
  if (info.impure.has(p.head) || info.volatile.has(p.head)) return false;
  for (const rule of p.lowered) {
    let recursive = 0;
    forEachCall(rule.body, (id) => {
      if (reaches(id, p.id, procs)) recursive++;
    });
    if (recursive >= 2) return true;
  }
  return false;
}

/** Does a call of `from` lead (through compiled rule bodies) to a call of `to`? */
function reaches(from: number, to: number, procs: readonly Proc[]): boolean {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const q = procs[id];
    if (q === undefined || q.lowered === null) continue;
    for (const r of q.lowered) forEachCall(r.body, (c) => stack.push(c));
  }
  return false;
}

function forEachCall(ir: Ir, f: (proc: number) => void): void {
  switch (ir.t) {
    case 'call':
      f(ir.proc);
      for (const a of ir.args) forEachCall(a, f);
      return;
    case 'native': case 'gcall':
      for (const a of ir.args) forEachCall(a, f);
      return;
    case 'cons':
      for (const a of ir.items) forEachCall(a, f);
      return;
    case 'typed-dyn':
      if (ir.proc !== 'none') f(ir.proc);
      for (const a of ir.args) forEachCall(a, f);
      return;
    case 'if':
      forEachCall(ir.cond, f);
      forEachCall(ir.then, f);
      forEachCall(ir.else, f);
      return;
    case 'let':
      forEachCall(ir.value, f);
      forEachCall(ir.body, f);
      return;
    case 'case':
      forEachCall(ir.scrut, f);
      for (const c of ir.cases) forEachCall(c.body, f);
      return;
    case 'superpose':
      for (const a of ir.alts) forEachCall(a, f);
      return;
    case 'collapse':
    case 'match':
      forEachCall(ir.body, f);
      return;
    default:
      return;
  }
}
