// Generators of MeTTa programs for the differential test: rules, arithmetic,
// if, let, case, superpose/collapse, match over generated spaces, and
// minimal-MeTTa chain/unify/eval. Calls go
// only to functions defined before, so every program terminates. Some
// programs declare types (fitting, wrong-typed or meta-typed parameters,
// parametric ones, several types for one name).
import fc from 'fast-check';

/** An expression over the variables in scope, calling only functions below `fn` (so programs terminate). */
export function expr(vars: readonly string[], depth: number, fn: number): fc.Arbitrary<string> {
  const leaves: Array<fc.Arbitrary<string>> = [
    fc.integer({ min: -2, max: 4 }).map(String),
    fc.constantFrom('a', 'b', 'Nil', 'True', 'False', '(p 1)', '1.5'),
  ];
  if (vars.length > 0) leaves.push(fc.constantFrom(...vars));
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const sub = (): fc.Arbitrary<string> => expr(vars, depth - 1, fn);
  const v = `$v${depth}`;
  const withV = (): fc.Arbitrary<string> => expr([...vars, v], depth - 1, fn);
  const options: Array<fc.WeightedArbitrary<string>> = [
    { weight: 4, arbitrary: leaf },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/', '%', '<', '>', '<=', '==', 'and', 'or'), sub(), sub()).map(([o, x, y]) => `(${o} ${x} ${y})`) },
    { weight: 1, arbitrary: sub().map((x) => `(not ${x})`) },
    { weight: 1, arbitrary: fc.tuple(sub(), fc.constantFrom('()', 'Nil', 'a')).map(([x, y]) => `(== ${x} ${y})`) },
    { weight: 2, arbitrary: fc.tuple(sub(), sub(), sub()).map(([c, x, y]) => `(if ${c} ${x} ${y})`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(v, `(p ${v})`, `(${v} b)`, '2'), sub(), withV()).map(([p, x, y]) => `(let ${p} ${x} ${y})`) },
    { weight: 1, arbitrary: fc.tuple(sub(), withV()).map(([x, y]) => `(let* ((${v} ${x}) ($w ${v})) ${y})`) },
    { weight: 2, arbitrary: fc.array(sub(), { minLength: 0, maxLength: 3 }).map((xs) => `(superpose (${xs.join(' ')}))`) },
    { weight: 1, arbitrary: sub().map((x) => `(collapse ${x})`) },
    {
      weight: 2,
      arbitrary: fc.tuple(sub(), fc.array(fc.tuple(fc.constantFrom('1', '2', 'a', `(p ${v})`, v, 'Empty', '$_'), withV()), { minLength: 1, maxLength: 3 }))
        .map(([x, cs]) => `(case ${x} (${cs.map(([p, b]) => `(${p} ${b})`).join(' ')}))`),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(`(d ${v})`, `(d (p ${v}))`, `(e ${v} ${v})`), withV()).map(([p, t]) => `(match &self ${p} ${t})`) },
    // Collapsed matches of data (made in one pass over the answers, counted or listed) and of not quite data.
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom(`(d ${v})`, `(e ${v} ${v})`, `(e 1 ${v})`, `(, (e ${v} $w) (d $w))`, `(, (d ${v}) (d ${v}))`),
        fc.constantFrom(`(t ${v})`, `(${v} ${v})`, `(${v} b)`, `(g ${v})`, `(e ${v} $w)`),
        fc.boolean(),
      ).map(([p, t, counted]) => (counted ? `(let $r (collapse (match &self ${p} ${t})) (size-atom $r))` : `(collapse (match &self ${p} ${t}))`)),
    },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('g', 'Cons', 'p'), sub()).map(([h, x]) => `(${h} ${x})`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('1', 'a', '"s"'), fc.constantFrom('Nil', '(Cons 1 Nil)', '(Cons a Nil)', ...vars)).map(([x, y]) => `(Cons ${x} ${y})`) },
    { weight: 1, arbitrary: fc.constantFrom('(empty)', '(Error x y)', '(quote (+ 1 2))', 'NotReducible') },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('car-atom', 'cdr-atom'), fc.oneof(sub(), fc.constantFrom('(1 2)', '()', '((+ 1 2) b)', '(a)')))
        .map(([h, x]) => `(${h} ${x})`),
    },
  ];
  if (fn > 0) options.push({ weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: fn - 1 }), sub()).map(([k, x]) => `(f${k} ${x})`) });
  options.push({ weight: 2, arbitrary: minimal(vars, Math.min(depth, 2), fn, true) });
  return fc.oneof(...options);
}

/**
 * Minimal-MeTTa code over the variables in scope: `chain` of `eval` (arithmetic, comparisons,
 * calls of the functions below `fn`, whose rule bodies are then run), `unify`, and data.
 * `instruction`: a chain or a unify (what a metta position runs), never plain data.
 */
export function minimal(vars: readonly string[], depth: number, fn: number, instruction = false): fc.Arbitrary<string> {
  const data = fc.oneof(
    fc.integer({ min: -1, max: 3 }).map(String),
    fc.constantFrom('a', 'True', 'False', '(p 1)', 'NotReducible', 'Empty', '()', '(Error x y)'),
    ...(vars.length > 0 ? [fc.constantFrom(...vars), fc.constantFrom(...vars).map((v) => `(p ${v})`)] : []),
  );
  if (depth <= 0 && !instruction) return data;
  const c = `$c${depth}`;
  const sub = (vs: readonly string[]): fc.Arbitrary<string> => minimal(vs, depth - 1, fn);
  const operand = fc.oneof(fc.integer({ min: -1, max: 3 }).map(String), fc.constant('a'), ...(vars.length > 0 ? [fc.constantFrom(...vars)] : []));
  const pattern = fc.constantFrom(c, `(p ${c})`, '(p 1)', '1', 'a', `(${c} ${c})`);
  const unify = fc.tuple(data, pattern, sub([...vars, c]), sub(vars)).map(([a, p, th, el]) => `(unify ${a} ${p} ${th} ${el})`);
  const options: Array<fc.WeightedArbitrary<string>> = [
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom('+', '-', '*', '/', '<', '>=', '=='), operand, operand, sub([...vars, c]))
        .map(([o, x, y, t]) => `(chain (eval (${o} ${x} ${y})) ${c} ${t})`),
    },
    { weight: 2, arbitrary: unify },
    { weight: 1, arbitrary: fc.tuple(unify, fc.constantFrom(c, `(r ${c})`)).map(([u, t]) => `(chain ${u} ${c} ${t})`) },
    { weight: 1, arbitrary: fc.tuple(sub(vars), sub([...vars, c])).map(([x, t]) => `(chain ${x} ${c} ${t})`) },
  ];
  if (fn > 0) {
    options.push({
      weight: 2,
      arbitrary: fc.tuple(fc.integer({ min: 0, max: fn - 1 }), data, fc.constantFrom(c, `(r ${c})`)).map(([k, x, t]) => `(chain (eval (f${k} ${x})) ${c} ${t})`),
    });
  }
  if (!instruction) options.push({ weight: 2, arbitrary: data });
  return fc.oneof(...options);
}

const rule = (k: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('$x', '0', '(p $x)', 'a'), expr(['$x'], 3, k))
    .map(([p, body]) => `(= (f${k} ${p}) ${body.split('$x').join(p.includes('$x') ? '$x' : '1')})`);

/** Type declarations for the generated functions and constructors: none, fitting ones, meta-typed, wrong arity, parametric. */
const FUNCTION_TYPES = [
  '(-> Number Number)', '(-> Number Bool)', '(-> Atom Number)', '(-> Atom %Undefined%)', '(-> %Undefined% %Undefined%)',
  '(-> Expression %Undefined%)', '(-> Symbol Number)', '(-> Bool Number)', '(-> Number Number Number)', '(-> Number Expression)',
  '(-> Number Nat)',
];
/** Parametric ones: type variables unified per call with the arguments' types. */
const PARAMETRIC_TYPES = ['(-> $t $t)', '(-> $t Number)', '(-> (List $t) Number)', '(-> $t (List $t))', '(-> $t $t Bool)', '(-> (List $t) (List $t))'];
const functionType = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FUNCTION_TYPES) },
  { weight: 1, arbitrary: fc.constantFrom(...PARAMETRIC_TYPES) },
);
const declarations: fc.Arbitrary<string[]> = fc.tuple(
  fc.array(fc.tuple(fc.constantFrom('f0', 'f1', 'f2', 'g', 'Cons'), functionType), { maxLength: 3 }),
  fc.subarray(['(: a Nat)', '(: b Number)', '(: Nil Nat)']),
  // A parametric list type now and then (it makes every Nil and Cons in the program typed).
  fc.constantFrom([], [], [], ['(: Nil (List $t))', '(: Cons (-> $t (List $t) (List $t)))']),
).map(([fs, cs, list]) => [...fs.map(([f, t]) => `(: ${f} ${t})`), ...cs, ...list]);

export const program: fc.Arbitrary<string> = fc.tuple(
  declarations,
  fc.array(fc.constantFrom('(d 1)', '(d 2)', '(d a)', '(d (p 3))', '(e 1 1)', '(e 1 2)', '(d $z)'), { maxLength: 5 }),
  fc.tuple(fc.array(rule(0), { minLength: 1, maxLength: 2 }), fc.array(rule(1), { minLength: 1, maxLength: 2 }), fc.array(rule(2), { minLength: 1, maxLength: 2 })),
  fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom('0', '1', '2', 'a', '(p 2)', '-1')), { minLength: 2, maxLength: 4 }),
  fc.array(expr([], 3, 3), { minLength: 1, maxLength: 3 }),
).map(([decls, data, [r0, r1, r2], calls, forms]) => [
  ...decls, ...data, ...r0, ...r1, ...r2,
  ...calls.map(([k, a]) => `!(f${k} ${a})`),
  ...forms.map((f) => `!${f}`),
].join('\n'));
