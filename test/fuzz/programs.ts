// Random MeTTa programs for fuzzing: well-formed programs built from the
// language's own vocabulary (so they reach deep into the engines), and
// mutated copies of them (so the parser sees every kind of broken input).
import fc from 'fast-check';

const SYMBOLS = ['a', 'b', 'c', 'f', 'g', 'h', 'Nat', 'Z', 'S', 'True', 'False', 'Empty', '()'];
const VARS = ['$x', '$y', '$z', '$_'];
const OPS: Array<[string, number]> = [
  ['+', 2], ['-', 2], ['*', 2], ['/', 2], ['%', 2], ['<', 2], ['==', 2], ['and', 2], ['not', 1],
  ['if', 3], ['let', 3], ['let*', 2], ['case', 2], ['switch', 2], ['superpose', 1], ['collapse', 1],
  ['match', 3], ['car-atom', 1], ['cdr-atom', 1], ['cons-atom', 2], ['decons-atom', 1], ['size-atom', 1],
  ['empty', 0], ['quote', 1], ['unify', 4], ['chain', 3], ['eval', 1], ['get-type', 1], ['f', 1], ['g', 2],
  ['h', 0], ['assertEqual', 2], ['sealed', 2], ['function', 1], ['return', 1], ['collapse-bind', 1],
  ['superpose-bind', 1], ['add-atom', 2], ['remove-atom', 2], ['new-state', 1], ['get-state', 1],
  ['change-state!', 2], ['index-atom', 2], ['println!', 1], ['repr', 1], ['format-args', 2],
];

const leaf: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...SYMBOLS),
  fc.constantFrom(...VARS),
  fc.integer({ min: -20, max: 20 }).map(String),
  fc.constantFrom('0.5', '-2.25', '1e3', '9007199254740993', '"s"', '"a\\nb"', '&self'),
);

const atom: fc.Arbitrary<string> = fc.letrec<{ atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom(...OPS), fc.array(tie('atom'), { maxLength: 4 })).map(([[op, n], args]) => {
      // Usually the op's own arity, sometimes not: wrong arities must be handled too.
      const used = args.length > n && args.length % 3 !== 0 ? args.slice(0, n) : args;
      return `(${[op, ...used].join(' ')})`;
    }),
    fc.array(tie('atom'), { maxLength: 4 }).map((xs) => `(${xs.join(' ')})`),
  ),
})).atom;

const rule = fc.tuple(fc.constantFrom('f', 'g', 'h'), fc.array(fc.oneof(leaf, atom), { maxLength: 2 }), atom)
  .map(([name, params, body]) => `(= (${[name, ...params].join(' ')}) ${body})`);

const typeDecl = fc.tuple(fc.constantFrom('f', 'g', 'a', 'b'), fc.constantFrom('Nat', 'Number', '(-> Nat Nat)', '(-> Number Number Number)', '(-> Atom Atom)'))
  .map(([s, t]) => `(: ${s} ${t})`);

/** A well-formed program: facts, rules, type declarations and `!` forms. */
export const program: fc.Arbitrary<string> = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: rule },
    { weight: 1, arbitrary: typeDecl },
    { weight: 2, arbitrary: atom },
    { weight: 4, arbitrary: atom.map((a) => `!${a}`) },
  ),
  { minLength: 1, maxLength: 8 },
).map((forms) => forms.join('\n'));

const NOISE = ['(', ')', '"', '\\', ';', '$', '#', '!', ' ', '\n', '\\u{', '\\x', 'é', '\u0000'];

/** A well-formed program with random characters deleted, inserted or replaced. */
export const mutatedProgram: fc.Arbitrary<string> = fc.tuple(
  program,
  fc.array(fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'rep'), fc.constantFrom(...NOISE)), { minLength: 1, maxLength: 6 }),
).map(([src, edits]) => {
  let s = src;
  for (const [pos, kind, ch] of edits) {
    const i = s.length === 0 ? 0 : pos % s.length;
    if (kind === 'del') s = s.slice(0, i) + s.slice(i + 1);
    else if (kind === 'ins') s = s.slice(0, i) + ch + s.slice(i);
    else s = s.slice(0, i) + ch + s.slice(i + 1);
  }
  return s;
});

/**
 * Programs that grow without end: fan-outs that keep every level, endless
 * result streams, deep non-tail recursion, atoms that double, gathered by
 * `collapse` or not. Only the memory budget (or the clock) stops them.
 */
const GROWERS: ReadonlyArray<(f: string, g: string) => string> = [
  (f, g) => `(= (${f} $x) (superpose ((${f} (${g} $x 1)) (${f} (${g} $x 2)))))`,
  (f, g) => `(= (${f} $x) (superpose ($x (${f} (${g} $x 1)))))`,
  (f, g) => `(= (${f} $x) (${g} 1 (${f} (${g} $x 1))))`,
  (f) => `(= (${f} $x) (${f} ($x $x)))`,
  (f) => `(= (${f} $x) (${f} (S $x)))`,
  (f, g) => `(= (${f} $x) (let $y (collapse (superpose ($x (${g} $x 1)))) (${f} $y)))`,
];
const CALLERS: ReadonlyArray<(f: string) => string> = [
  (f) => `!(${f} 0)`, (f) => `!(collapse (${f} 0))`, (f) => `!(let $y (${f} 1) ($y $y))`,
  (f) => `!(size-atom (collapse (${f} 0)))`, (f) => `!(superpose ((${f} 0) (${f} 1)))`,
];

export const hungryProgram: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom(...GROWERS), fc.constantFrom('f', 'g', 'h'), fc.constantFrom('+', '*', '-', 'cons-atom'),
  fc.constantFrom(...CALLERS), fc.option(program, { nil: '' }),
).map(([grow, f, g, call, rest]) => `${rest}\n${grow(f, g)}\n!(+ 1 2)\n${call(f)}`);
