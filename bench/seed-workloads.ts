// The seed document's workloads, built exactly as its benchmark built them
// (MeTTa-Compiler benches/bytecode_comparison.rs): the same nesting, the same
// constants, the same sizes. Each one carries the result it must produce.

export interface Workload {
  /** The seed table it belongs to. */
  readonly table: SeedTable;
  /** The row label as the seed prints it: a depth, a count, or Simple/Deep. */
  readonly label: string;
  readonly size: number | null;
  /** Operations in one evaluation, for the seed's "time per operation" table. */
  readonly ops: number;
  readonly source: string;
  /** The results it must give, formatted; compared as a multiset when `unordered`. */
  readonly expected: readonly string[];
  readonly unordered: boolean;
  /** The seed document's published figures for this row (its own machine, not ours), in ns. */
  readonly seed: SeedFigure;
}

export interface SeedFigure {
  readonly tree: number;
  readonly vm: number;
}

/** The seed document's tables as published (bytecode-vm-benchmark-results.md), by table and row label, in ns. */
export const SEED_PUBLISHED: Readonly<Record<SeedTable, Readonly<Record<string, SeedFigure>>>> = {
  arithmetic: { 5: { tree: 17.6e3, vm: 498 }, 10: { tree: 39.2e3, vm: 797 }, 20: { tree: 161.6e3, vm: 1.27e3 }, 50: { tree: 2.08e6, vm: 2.92e3 } },
  boolean: { 5: { tree: 15.6e3, vm: 436 }, 10: { tree: 34.3e3, vm: 704 }, 20: { tree: 138.3e3, vm: 1.16e3 }, 50: { tree: 1.9e6, vm: 2.52e3 } },
  conditional: { 5: { tree: 12.5e3, vm: 574 }, 10: { tree: 19.6e3, vm: 907 }, 20: { tree: 53.8e3, vm: 1.61e3 } },
  superpose: { 5: { tree: 103.1e3, vm: 897 }, 10: { tree: 113.2e3, vm: 1.65e3 }, 50: { tree: 171.0e3, vm: 11.67e3 }, 100: { tree: 138.3e3, vm: 35.72e3 } },
  quote: { Simple: { tree: 7.16e3, vm: 402 }, Deep: { tree: 936.2e3, vm: 190.3e3 } },
};

/** The seed's per-operation ranges for its VM (ns), and its Compilation Overhead table (ns). */
export const SEED_PER_OP: Readonly<Record<string, string>> = {
  arithmetic: '~58-100 ns/op', boolean: '~51-84 ns/op', conditional: '~80-112 ns/op', superpose: '~180-360 ns/alt',
};
export const SEED_COMPILE: Readonly<Record<string, { compile: number; execute: number; total: number }>> = {
  Small: { compile: 93, execute: 165, total: 275 },
  'Medium (20)': { compile: 526, execute: 712, total: 1.28e3 },
  'Large (100)': { compile: 2.84e3, execute: 2.98e3, total: 5.99e3 },
};

export type SeedTable = 'arithmetic' | 'boolean' | 'conditional' | 'superpose' | 'quote';

export const SEED_TABLES: ReadonlyArray<{ table: SeedTable; title: string; row: string }> = [
  { table: 'arithmetic', title: 'Arithmetic Expression Chains', row: 'Depth' },
  { table: 'boolean', title: 'Boolean Logic Chains', row: 'Depth' },
  { table: 'conditional', title: 'Conditional Chains', row: 'Depth' },
  { table: 'superpose', title: 'Nondeterminism (Superpose)', row: 'Alternatives' },
  { table: 'quote', title: 'Quote Operations', row: 'Type' },
];

/** `1` wrapped `depth` times: level i is `(+ x i)`, so depth 3 is `(+ (+ (+ 1 0) 1) 2)`. */
export function arithmeticChain(depth: number): string {
  let s = '1';
  for (let i = 0; i < depth; i++) s = `(+ ${s} ${i})`;
  return s;
}

/** `True` wrapped `depth` times: level i is `(not x)`, `(or x False)`, `(and x True)` for i mod 3 = 0, 1, 2. */
export function booleanChain(depth: number): string {
  let s = 'True';
  for (let i = 0; i < depth; i++) s = i % 3 === 0 ? `(not ${s})` : i % 3 === 1 ? `(or ${s} False)` : `(and ${s} True)`;
  return s;
}

function booleanValue(depth: number): boolean {
  let v = true;
  for (let i = 0; i < depth; i++) v = i % 3 === 0 ? !v : i % 3 === 1 ? v || false : v && true;
  return v;
}

/** `(if (< i 5) i …)` for i = 0 … depth-1, innermost else `0`; the outermost test is already true. */
export function conditionalChain(depth: number): string {
  let s = '0';
  for (let i = depth - 1; i >= 0; i--) s = `(if (< ${i} 5) ${i} ${s})`;
  return s;
}

export function superposeOf(n: number): string {
  return `(superpose (${Array.from({ length: n }, (_, i) => i).join(' ')}))`;
}

/** `(foo d d)` applied ten times starting from 42: a full binary tree of 2,047 nodes. */
export function deepQuoteBody(): string {
  let s = '42';
  for (let i = 0; i < 10; i++) s = `(foo ${s} ${s})`;
  return s;
}

export function seedWorkloads(): Workload[] {
  const w: Array<Omit<Workload, 'seed'>> = [];
  for (const d of [5, 10, 20, 50]) {
    w.push({
      table: 'arithmetic', label: String(d), size: d, ops: d, source: arithmeticChain(d),
      expected: [String(1 + (d * (d - 1)) / 2)], unordered: false,
    });
  }
  for (const d of [5, 10, 20, 50]) {
    w.push({
      table: 'boolean', label: String(d), size: d, ops: d, source: booleanChain(d),
      expected: [booleanValue(d) ? 'True' : 'False'], unordered: false,
    });
  }
  for (const d of [5, 10, 20]) {
    w.push({ table: 'conditional', label: String(d), size: d, ops: d, source: conditionalChain(d), expected: ['0'], unordered: false });
  }
  for (const n of [5, 10, 50, 100]) {
    w.push({
      table: 'superpose', label: String(n), size: n, ops: n, source: superposeOf(n),
      expected: Array.from({ length: n }, (_, i) => String(i)), unordered: true,
    });
  }
  const simple = '(quote (+ 1 2))';
  const deep = `(quote ${deepQuoteBody()})`;
  w.push({ table: 'quote', label: 'Simple', size: null, ops: 1, source: simple, expected: [simple], unordered: false });
  w.push({ table: 'quote', label: 'Deep', size: null, ops: 1, source: deep, expected: [deep], unordered: false });
  return w.map((x) => ({ ...x, seed: SEED_PUBLISHED[x.table][x.label]! }));
}

/** null when `got` is what the workload must give, else what is wrong. */
export function checkResults(got: readonly string[], expected: readonly string[], unordered: boolean): string | null {
  const a = unordered ? [...got].sort() : got;
  const b = unordered ? [...expected].sort() : expected;
  if (a.length === b.length && a.every((x, i) => x === b[i])) return null;
  const show = (xs: readonly string[]): string => {
    const s = `[${xs.join(', ')}]`;
    return s.length > 200 ? s.slice(0, 200) + '…' : s;
  };
  return `expected ${show(expected)}, got ${show(got)}`;
}
