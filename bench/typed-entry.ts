// A typed evaluate of a cached form against an untyped one on the VM
// (issue 12: typed evaluation runs on the VM, one chunk per (form, type)).
// `node dist/bench/typed-entry.js`: interleaved rounds, best round of each.
import { MeTTa } from '../src/runner/metta.js';
import type { Atom } from '../src/atom/atom.js';

const m = new MeTTa({ engine: 'vm', print: () => {}, printErr: () => {} });
m.run('(: dbl (-> Number Number)) (= (dbl $x) (* 2 $x)) (= (fac $n) (if (== $n 0) 1 (* $n (fac (- $n 1)))))');
const forms: Record<string, string> = {
  'arithmetic/5': '(+ (+ (+ (+ (+ 1 0) 1) 2) 3) 4)',
  'typed call': '(dbl 21)',
  'if': '(if (< 1 2) 5 6)',
  'fac 10': '(fac 10)',
};
const number = m.parse('Number')[0]!;
const RUNS = 20000, ROUNDS = 15;

function perRun(atom: Atom, type: Atom | undefined): number {
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) m.evaluate(atom, type);
  return ((performance.now() - t0) * 1e6) / RUNS;
}

for (const [name, src] of Object.entries(forms)) {
  const atom = m.parse(src)[0]!;
  perRun(atom, undefined);
  perRun(atom, number);
  let untyped = Infinity, typed = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    untyped = Math.min(untyped, perRun(atom, undefined));
    typed = Math.min(typed, perRun(atom, number));
  }
  console.log(`${name}: untyped ${untyped.toFixed(0)} ns, typed (Number) ${typed.toFixed(0)} ns, typed ÷ untyped ${(typed / untyped).toFixed(2)}`);
}
console.log(`fallbacks: ${m.stats.fallbacks}`);
