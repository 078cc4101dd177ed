// Whole-program benchmarks: MeTTa programs with a known answer, sized so the
// VM has real work, and (where plain JavaScript computes the same thing) the
// JavaScript version, so we can say how far from the host language we are.
import type { Tier } from './engines.js';

/** A time another engine is reported to take on the same workload (issue 8's table, net of start-up). */
export interface OtherEngine {
  readonly engine: string;
  /** null: the engine fails on it. */
  readonly ms: number | null;
}

export interface ProgramCase {
  readonly id: string;
  /** Shown in tables; `{n}` is replaced by the size. */
  readonly title: string;
  /** What one unit of `units(n)` is, for per-unit times: 'call', 'step'… */
  readonly unit: string;
  /** The size run on each tier (the tree-walker may get a smaller one; tables say so). */
  size(tier: Tier, quick: boolean): number;
  /** Tiers it runs on besides the tree-walker and the VM (the VM with tabling off where tabling applies). */
  readonly extraTiers: readonly Tier[];
  /** Other engines' times at the VM's full size. */
  readonly others: readonly OtherEngine[];
  /** The target: the VM (on `tier`) within `max`× of plain JS. */
  readonly jsTarget: { readonly tier: Tier; readonly max: number } | null;
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
    // The tree-walker takes ~35 s on fib 30; it runs fib 25 and per-call times are compared.
    size: (e, q) => (q ? quick : e === 'tree' ? 25 : full),
    extraTiers: ['vm-untabled', 'vm-bytecode'],
    others: [{ engine: 'PeTTa', ms: 1350 }, { engine: 'MeTTaScript untabled', ms: 126_000 }, { engine: 'MeTTaScript tabled (≈0: 0.30 s wall − 0.27 s start-up)', ms: 30 }],
    jsTarget: { tier: 'vm-untabled', max: 15 },
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

/** Each node's successors: the hash table a join probes. */
function successors(es: ReadonlyArray<[number, number]>): Map<number, number[]> {
  const succ = new Map<number, number[]>();
  for (const [a, b] of es) {
    const l = succ.get(a);
    if (l === undefined) succ.set(a, [b]);
    else l.push(b);
  }
  return succ;
}

/** Directed triangles (a→b→c→a), counted as the match enumerates them: once per rotation. */
function triangles(es: ReadonlyArray<[number, number]>): number {
  const succ = successors(es);
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
  const succ = successors(es);
  const mult = new Map<number, number>();
  for (const [a, b] of es) {
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

/** The first three primes from `from` on (so every number needs its full √n trial divisions). */
function primesFrom(from: number): number[] {
  const out: number[] = [];
  for (let n = from; out.length < 3; n++) if (jsIsPrime(n)) out.push(n);
  return out;
}

const primeLists = new Map<number, number[]>();
/** Sizes of the primes case: 12 is three 12-digit primes (the workload). Found once, outside any timing. */
function primeNumbers(digits: number): number[] {
  let ps = primeLists.get(digits);
  if (ps === undefined) {
    ps = primesFrom(10 ** (digits - 1));
    primeLists.set(digits, ps);
  }
  return ps;
}

/** A graph of V = E/2 nodes where every node has two successors: i+1 and 2i+7 (mod V). */
const pathEdgeLists = new Map<number, Array<[number, number]>>();
/** Built once per size, so the plain-JS join is timed without generating its input. */
function pathEdges(nEdges: number): Array<[number, number]> {
  let out = pathEdgeLists.get(nEdges);
  if (out !== undefined) return out;
  const v = Math.max(1, Math.floor(nEdges / 2));
  out = [];
  for (let i = 0; i < v; i++) out.push([i, (i + 1) % v], [i, (2 * i + 7) % v]);
  pathEdgeLists.set(nEdges, out);
  return out;
}

/** 3-step paths a→b→c→d, counted by a hash join, as plain JavaScript would do it. */
function jsPaths(es: ReadonlyArray<[number, number]>): number {
  const succ = successors(es);
  let n = 0;
  for (const [, b] of es) for (const c of succ.get(b) ?? []) n += succ.get(c)?.length ?? 0;
  return n;
}

/** Triples (a, b, c) from 0…k-1, 0…k-1, 0…k-6 with an even sum: 56,250 for k = 50. */
function searchCount(k: number): number {
  let n = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let c = 0; c < k - 5; c++) if ((a + b + c) % 2 === 0) n++;
  return n;
}

/** n-queens, one row at a time: each partial placement extended by every column that is safe. */
const queens = (n: number): string => `
(= (abs-diff $a $b) (if (< $a $b) (- $b $a) (- $a $b)))
(= (safe $q $d Nil) True)
(= (safe $q $d (Cons $h $t)) (if (or (== $q $h) (== (abs-diff $q $h) $d)) False (safe $q (+ $d 1) $t)))
(= (queens $k) (if (== $k 0) Nil
  (let* (($qs (queens (- $k 1))) ($q (superpose (${Array.from({ length: n }, (_, i) => i + 1).join(' ')}))))
    (if (safe $q 1 $qs) (Cons $q $qs) (empty)))))`;

/** All solutions of n-queens, placed row by row, as a plain backtracking search. */
function jsQueens(n: number): number {
  const cols: number[] = [];
  const go = (k: number): number => {
    if (k === n) return 1;
    let total = 0;
    for (let q = 1; q <= n; q++) {
      let ok = true;
      for (let d = 1; d <= cols.length && ok; d++) {
        const h = cols[cols.length - d]!;
        if (h === q || Math.abs(q - h) === d) ok = false;
      }
      if (!ok) continue;
      cols.push(q);
      total += go(k + 1);
      cols.pop();
    }
    return total;
  };
  return go(0);
}

const NONE: readonly Tier[] = [];

const UNTYPED_CASES: readonly ProgramCase[] = [
  fibCase('fib', 30, 18),
  {
    id: 'loop', title: 'tail-recursive loop, {n} steps', unit: 'step', fresh: false,
    // 3·10^6 steps of the tree-walker take most of a minute; it runs 10^5 and per-step times are compared.
    size: (e, q) => (q ? 10_000 : e === 'tree' ? 100_000 : 3_000_000),
    extraTiers: ['vm-bytecode'],
    others: [{ engine: 'PeTTa', ms: 1150 }, { engine: 'MeTTaScript', ms: 480 }],
    jsTarget: { tier: 'vm', max: 10 },
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
    id: 'primes', title: 'trial division of three {n}-digit primes', unit: 'division', fresh: false,
    // 3 × 316,000 divisions take the tree-walker ~25 s: it runs three 10-digit primes, compared per division.
    size: (e, q) => (q ? 7 : e === 'tree' ? 10 : 12),
    extraTiers: ['vm-bytecode'],
    others: [{ engine: 'PeTTa', ms: 1550 }, { engine: 'MeTTaScript', ms: 300 }],
    jsTarget: { tier: 'vm', max: 10 },
    definitions: () => PRIME,
    query: (d) => primeNumbers(d).map((p) => `!(prime? ${p})`).join('\n'),
    expected: (d) => primeNumbers(d).map(() => ['True']),
    units: (d) => primeNumbers(d).reduce((t, p) => t + Math.floor(Math.sqrt(p)) - 1, 0),
    js: (d) => primeNumbers(d).map((p) => (jsIsPrime(p) ? 'True' : 'False')).join(' '),
  },
  {
    id: 'join', title: '{n} (edge i j) facts, 3-step path join', unit: 'result', fresh: false,
    size: (_e, q) => (q ? 400 : 40_000),
    extraTiers: NONE,
    others: [{ engine: 'PeTTa', ms: 210 }, { engine: 'MeTTaScript', ms: null }],
    jsTarget: { tier: 'vm', max: 20 },
    definitions: (n) => pathEdges(n).map(([a, b]) => `(edge ${a} ${b})`).join('\n'),
    query: () => count('(match &self (, (edge $a $b) (edge $b $c) (edge $c $d)) ($a $d))'),
    expected: (n) => [[String(jsPaths(pathEdges(n)))]],
    units: (n) => jsPaths(pathEdges(n)),
    js: (n) => String(jsPaths(pathEdges(n))),
  },
  {
    id: 'search', title: 'nested superpose/let* search, {n}·{n}·({n}−5) combinations', unit: 'combination', fresh: false,
    size: (_e, q) => (q ? 10 : 50),
    extraTiers: NONE,
    others: [{ engine: 'PeTTa', ms: 20 }, { engine: 'MeTTaScript', ms: 7900 }],
    jsTarget: { tier: 'vm', max: 30 },
    definitions: () => '',
    query: (k) =>
      count(
        `(let* (($a (superpose ${range(k)})) ($b (superpose ${range(k)})) ($c (superpose ${range(k - 5)}))) ` +
          '(if (== (% (+ $a (+ $b $c)) 2) 0) ($a $b $c) (empty)))',
      ),
    expected: (k) => [[String(searchCount(k))]],
    units: (k) => k * k * (k - 5),
    js: (k) => String(searchCount(k)),
  },
  {
    id: 'queens', title: '{n}-queens by superpose per row, all solutions', unit: 'solution', fresh: false,
    size: (_e, q) => (q ? 5 : 8),
    extraTiers: NONE,
    others: [{ engine: 'PeTTa', ms: 110 }, { engine: 'MeTTaScript', ms: 32_800 }],
    jsTarget: { tier: 'vm', max: 30 },
    definitions: queens,
    query: (n) => count(`(queens ${n})`),
    expected: (n) => [[String(jsQueens(n))]],
    units: (n) => jsQueens(n),
    js: (n) => String(jsQueens(n)),
  },
  {
    id: 'edges', title: '{n} (edge i j) facts, 3-step conjunctive match (triangles)', unit: 'result', fresh: false,
    size: (_e, q) => (q ? 400 : 40_000),
    extraTiers: NONE,
    others: [],
    jsTarget: null,
    definitions: (n) => edges(n).map(([a, b]) => `(edge ${a} ${b})`).join('\n'),
    query: () => count('(match &self (, (edge $a $b) (edge $b $c) (edge $c $a)) ($a $b $c))'),
    expected: (n) => [[String(triangles(edges(n)))]],
    units: (n) => triangles(edges(n)),
    js: (n) => String(hashJoinTriangles(edgesOnce(n))),
  },
  {
    id: 'insert', title: 'add-atom {n} atoms, then query them by head', unit: 'atom', fresh: true,
    size: (_e, q) => (q ? 1_000 : 100_000),
    extraTiers: NONE,
    others: [],
    jsTarget: null,
    definitions: () =>
      '(= (addK $K) (if (== $K 0) done (let* (($m (% $K 10)) ($t (add-atom &self (r $K $m)))) (addK (- $K 1)))))',
    query: (n) =>
      [`!(addK ${n})`, count('(match &self (r $x $y) $x)'), count('(match &self (r 7 $y) $y)'), count('(match &self (r $x 3) $x)')].join('\n'),
    expected: (n) => [['done'], [String(n)], ['1'], [String(Math.floor(n / 10))]],
    units: (n) => n,
    js: null,
  },
];

/** How a typed variant differs from its untyped case. */
interface TypedVariant {
  readonly id: string;
  /** Type declarations put before the definitions. */
  readonly declarations: string;
  /** The tree-walker's size, not quick (typed calls cost it a type check each). */
  readonly treeSize: (c: ProgramCase) => number;
  /** A program with no function of its own gets one, typed, holding its query (the same answer). */
  readonly definitions?: (n: number) => string;
  readonly query?: (n: number) => string;
}

/**
 * The same workload with type declarations as idiomatic MeTTa writes them
 * (issue 14: typed code must stay on the VM's fast paths).
 */
function typedVariant(c: ProgramCase, v: TypedVariant): ProgramCase {
  const definitions = v.definitions ?? c.definitions;
  return {
    ...c,
    id: `${c.id}-typed`,
    title: `${c.title}, typed`,
    size: (e, q) => (e === 'tree' && !q ? v.treeSize(c) : c.size(e, q)),
    others: [],
    jsTarget: null,
    definitions: (n) => `${v.declarations}\n${definitions(n)}`,
    query: v.query ?? c.query,
  };
}

const tree = (n: number) => (): number => n;
/** The untyped case's own tree-walker size. */
const sameTree = (c: ProgramCase): number => c.size('tree', false);

/** The search's let* in a function over its three ranges, passed unevaluated as Expressions. */
const SEARCH_FUNCTION = '(= (even-triples $xs $ys $zs) (let $r (collapse (let* (($a (superpose $xs)) ($b (superpose $ys)) ($c (superpose $zs))) ' +
  '(if (== (% (+ $a (+ $b $c)) 2) 0) ($a $b $c) (empty)))) (size-atom $r)))';

const TYPED_VARIANTS: readonly TypedVariant[] = [
  { id: 'fib', declarations: '(: fib (-> Number Number))', treeSize: tree(20) },
  { id: 'loop', declarations: '(: loop (-> Number Number Number))', treeSize: tree(30_000) },
  { id: 'primes', declarations: '(: find-divisor (-> Number Number Number))\n(: prime? (-> Number Bool))', treeSize: tree(7) },
  {
    id: 'queens', treeSize: tree(6),
    declarations: '(: Nil List)\n(: Cons (-> Number List List))\n(: abs-diff (-> Number Number Number))\n' +
      '(: safe (-> Number Number List Bool))\n(: queens (-> Number List))',
  },
  { id: 'join', declarations: '(: edge (-> Number Number Edge))', treeSize: sameTree },
  { id: 'edges', declarations: '(: edge (-> Number Number Edge))', treeSize: sameTree },
  { id: 'insert', declarations: '(: r (-> Number Number Fact))\n(: done Status)\n(: addK (-> Number Status))', treeSize: tree(20_000) },
  {
    id: 'search', treeSize: tree(12),
    declarations: '(: even-triples (-> Expression Expression Expression Number))',
    definitions: () => SEARCH_FUNCTION,
    query: (k) => `!(even-triples ${range(k)} ${range(k)} ${range(k - 5)})`,
  },
];

/** Each typed variant, with the untyped case it is compared with. */
export const TYPED_CASES: ReadonlyArray<readonly [ProgramCase, ProgramCase]> = TYPED_VARIANTS.map((v) => {
  const c = UNTYPED_CASES.find((x) => x.id === v.id)!;
  return [typedVariant(c, v), c] as const;
});

export const PROGRAM_CASES: readonly ProgramCase[] = [...UNTYPED_CASES, ...TYPED_CASES.map(([t]) => t)];

export function programCase(id: string): ProgramCase {
  const c = PROGRAM_CASES.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no program case ${id}`);
  return c;
}
