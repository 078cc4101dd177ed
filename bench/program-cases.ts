// Whole-program benchmarks: MeTTa programs with a known answer, sized so the
// VM has real work, and (where plain JavaScript computes the same thing) the
// JavaScript version, so we can say how far from the host language we are.
import type { EngineName } from '../src/runner/engine.js';

export interface ProgramCase {
  readonly id: string;
  /** Shown in tables; `{n}` is replaced by the size. */
  readonly title: string;
  /** What one unit of `units(n)` is, for per-unit times: 'call', 'step'… */
  readonly unit: string;
  /** The size run on each engine (the tree-walker may get a smaller one; tables say so). */
  size(engine: EngineName, quick: boolean): number;
  /** Atoms and rules loaded before timing (or in every run when `fresh`). */
  definitions(n: number): string;
  /** The timed `!` forms. */
  query(n: number): string;
  /** Their results, formatted, one array per `!` form. */
  expected(n: number): string[][];
  units(n: number): number;
  /** The runs change the space: each one gets a new runner and loads the definitions itself. */
  readonly fresh: boolean;
  /** Plain JavaScript computing the same answer, formatted as MeTTa prints it. */
  readonly js: ((n: number) => string) | null;
}

function jsFib(n: number): number {
  return n < 2 ? n : jsFib(n - 1) + jsFib(n - 2);
}

/** Calls of `fib` made by naive fib n: 2·fib(n+1) − 1. */
function fibCalls(n: number): number {
  return 2 * jsFib(n + 1) - 1;
}

const FIB = '(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))';

function fibCase(id: string, full: number, quick: number): ProgramCase {
  return {
    id, title: 'naive fib {n}', unit: 'call', fresh: false,
    size: (_e, q) => (q ? quick : full),
    definitions: () => FIB,
    query: (n) => `!(fib ${n})`,
    expected: (n) => [[String(jsFib(n))]],
    units: fibCalls,
    js: (n) => String(jsFib(n)),
  };
}

/** Trial division as superpose_primes.metta does it: the first divisor d with d·d ≤ n. */
const PRIME = `
(= (find-divisor $n $d) (if (> (* $d $d) $n) $n (if (== 0 (% $n $d)) $d (find-divisor $n (+ $d 1)))))
(= (prime? $n) (== $n (find-divisor $n 2)))`;

function jsIsPrime(n: number): boolean {
  let d = 2;
  while (d * d <= n) {
    if (n % d === 0) return false;
    d++;
  }
  return n >= 2;
}

/** Nodes 0…V-1, each with edges to i+1, i+2, i−3 and 7i+5 (mod V): many triangles i→i+1→i+3→i. */
function edges(nEdges: number): Array<[number, number]> {
  const v = Math.max(1, Math.floor(nEdges / 4));
  const out: Array<[number, number]> = [];
  for (let i = 0; i < v; i++) {
    for (const j of [(i + 1) % v, (i + 2) % v, (i - 3 + v) % v, (i * 7 + 5) % v]) out.push([i, j]);
  }
  return out;
}

/** Directed triangles (a→b→c→a), counted as the match enumerates them: once per rotation. */
function triangles(es: ReadonlyArray<[number, number]>): number {
  const succ = new Map<number, number[]>();
  for (const [a, b] of es) {
    const l = succ.get(a);
    if (l === undefined) succ.set(a, [b]);
    else l.push(b);
  }
  let n = 0;
  for (const [a, b] of es) for (const c of succ.get(b) ?? []) for (const d of succ.get(c) ?? []) if (d === a) n++;
  return n;
}

const edgeLists = new Map<number, Array<[number, number]>>();
/** The edge list, made once per size: the facts are loaded before timing on the MeTTa side too. */
function edgesOnce(n: number): Array<[number, number]> {
  let es = edgeLists.get(n);
  if (es === undefined) {
    es = edges(n);
    edgeLists.set(n, es);
  }
  return es;
}

/**
 * The triangle count as a plain-JS hash join: successor lists keyed by source,
 * edge multiplicities keyed by (source, target), one probe per path a→b→c.
 */
function hashJoinTriangles(es: ReadonlyArray<[number, number]>): number {
  let v = 1;
  for (const [a, b] of es) v = Math.max(v, a + 1, b + 1);
  const succ = new Map<number, number[]>();
  const mult = new Map<number, number>();
  for (const [a, b] of es) {
    const l = succ.get(a);
    if (l === undefined) succ.set(a, [b]);
    else l.push(b);
    const k = a * v + b;
    mult.set(k, (mult.get(k) ?? 0) + 1);
  }
  let n = 0;
  for (const [a, b] of es) {
    const cs = succ.get(b);
    if (cs !== undefined) for (const c of cs) n += mult.get(c * v + a) ?? 0;
  }
  return n;
}

function range(k: number): string {
  return `(${Array.from({ length: k }, (_, i) => i).join(' ')})`;
}

/** Triples from 0…k-1 whose sum is even: ⌈k³/2⌉-ish, computed rather than trusted. */
function evenTriples(k: number): number {
  let n = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let c = 0; c < k; c++) if ((a + b + c) % 2 === 0) n++;
  return n;
}

const count = (collapse: string): string => `!(let $r (collapse ${collapse}) (size-atom $r))`;

export const PROGRAM_CASES: readonly ProgramCase[] = [
  fibCase('fib25', 25, 15),
  fibCase('fib30', 30, 18),
  {
    id: 'loop', title: 'tail-recursive loop, {n} steps', unit: 'step', fresh: false,
    // 10^7 steps of the tree-walker take minutes; it runs 10^5 and per-step times are compared.
    size: (e, q) => (q ? 10_000 : e === 'vm' ? 10_000_000 : 100_000),
    definitions: () => '(= (loop $i $acc) (if (== $i 0) $acc (loop (- $i 1) (+ $acc 1))))',
    query: (n) => `!(loop ${n} 0)`,
    expected: (n) => [[String(n)]],
    units: (n) => n,
    js: (n) => {
      let acc = 0;
      for (let i = n; i !== 0; i--) acc += 1;
      return String(acc);
    },
  },
  {
    id: 'prime', title: 'trial-division primality of {n}', unit: 'division', fresh: false,
    // 100,000,000,003 is prime: 316,226 trial divisions.
    size: (_e, q) => (q ? 1_000_003 : 100_000_000_003),
    definitions: () => PRIME,
    query: (n) => `!(prime? ${n})`,
    expected: (n) => [[jsIsPrime(n) ? 'True' : 'False']],
    units: (n) => Math.floor(Math.sqrt(n)) - 1,
    js: (n) => (jsIsPrime(n) ? 'True' : 'False'),
  },
  {
    id: 'edges', title: '{n} (edge i j) facts, 3-step conjunctive match (triangles)', unit: 'result', fresh: false,
    size: (_e, q) => (q ? 400 : 40_000),
    definitions: (n) => edges(n).map(([a, b]) => `(edge ${a} ${b})`).join('\n'),
    query: () => count('(match &self (, (edge $a $b) (edge $b $c) (edge $c $a)) ($a $b $c))'),
    expected: (n) => [[String(triangles(edges(n)))]],
    units: (n) => triangles(edges(n)),
    js: (n) => String(hashJoinTriangles(edgesOnce(n))),
  },
  {
    id: 'search', title: 'nested superpose search, {n}³ combinations, collapsed', unit: 'combination', fresh: false,
    size: (_e, q) => (q ? 8 : 36),
    definitions: () => '',
    query: (k) => {
      const r = range(k);
      return count(
        `(let* (($a (superpose ${r})) ($b (superpose ${r})) ($c (superpose ${r}))) ` +
          '(if (== (% (+ $a (+ $b $c)) 2) 0) ($a $b $c) (empty)))',
      );
    },
    expected: (k) => [[String(evenTriples(k))]],
    units: (k) => k * k * k,
    js: null,
  },
  {
    id: 'insert', title: 'add-atom {n} atoms, then query them by head', unit: 'atom', fresh: true,
    size: (_e, q) => (q ? 1_000 : 100_000),
    definitions: () =>
      '(= (addK $K) (if (== $K 0) done (let* (($m (% $K 10)) ($t (add-atom &self (r $K $m)))) (addK (- $K 1)))))',
    query: (n) =>
      [`!(addK ${n})`, count('(match &self (r $x $y) $x)'), count('(match &self (r 7 $y) $y)'), count('(match &self (r $x 3) $x)')].join('\n'),
    expected: (n) => [['done'], [String(n)], ['1'], [String(Math.floor(n / 10))]],
    units: (n) => n,
    js: null,
  },
];

export function programCase(id: string): ProgramCase {
  const c = PROGRAM_CASES.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no program case ${id}`);
  return c;
}
