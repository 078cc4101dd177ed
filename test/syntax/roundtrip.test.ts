import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sym, variable, expr, atomEq, type Atom } from '../../src/atom/atom.js';
import { makeInt, makeFloat, makeString, TRUE, FALSE } from '../../src/atom/grounded.js';
import { parseAtom, parseAll, format, literalTokens } from '../../src/syntax/index.js';

const literals = literalTokens();

// Characters that may appear in a word after its first character (no whitespace, parens or `;`).
const wordChars = [...'abcxyzABZ019_-+*/<>=!?&%.:\'"#$@^~|ж⟮⟯😀'];
const firstChars = wordChars.filter((c) => c !== '$' && c !== '"');
// A variable name also may hold `;` and `"`, but never `#`.
const varChars = [...'abxyz019_-+*/<>=!?&%.:;\'"$@жé😀'];

const symbolArb: fc.Arbitrary<Atom> = fc
  .tuple(fc.constantFrom(...firstChars), fc.array(fc.constantFrom(...wordChars), { maxLength: 6 }))
  .map(([h, t]) => h + t.join(''))
  // A word the literal table claims (`12`, `1e5`, `True`) would not come back as a symbol.
  .filter((w) => literals.lookup(w) === null)
  .map((w) => sym(w));

const variableArb: fc.Arbitrary<Atom> = fc.array(fc.constantFrom(...varChars), { maxLength: 6 }).map((cs) => variable(cs.join('')));

const intArb: fc.Arbitrary<Atom> = fc.oneof(
  fc.integer().map((n) => makeInt(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => makeInt(n)),
);

const floatArb: fc.Arbitrary<Atom> = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => makeFloat(x));

// Hyperon prints NUL as `\0` but does not read that escape back; our parser accepts it so printing round-trips.
const stringArb: fc.Arbitrary<Atom> = fc
  .string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\r', '\t', '\x1b', '\x7f', '\x85', ' ', ';', '(', ')', '$'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 12 })
  .map((s) => makeString(s));

const { atom: atomArb } = fc.letrec<{ atom: Atom; leaf: Atom; node: Atom }>((tie) => ({
  leaf: fc.oneof(symbolArb, variableArb, intArb, floatArb, stringArb, fc.constantFrom(TRUE, FALSE)),
  node: fc.array(tie('atom'), { maxLength: 5 }).map((items) => expr(items)),
  atom: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('node')),
}));

test('round trip: parseAtom(format(a)) prints identically and is equal', () => {
  fc.assert(
    fc.property(atomArb, (a) => {
      const text = format(a);
      const back = parseAtom(text, literals);
      assert.equal(format(back), text);
      assert.ok(atomEq(back, a), `not equal after round trip: ${text}`);
    }),
    { numRuns: 2000 },
  );
});

test('round trip of a whole program: forms separated by whitespace and comments', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(atomArb, fc.boolean(), fc.constantFrom(' ', '\n', '\t', ' ; c\n', '\r\n', '\u3000')), { maxLength: 8 }),
      (forms) => {
        // A bare top-level `!` symbol marks the next form for evaluation instead of being a form.
        fc.pre(!forms.some(([a]) => a === sym('!')));
        // `! ` with a space: `!x` would be the single symbol `!x`.
        const text = forms.map(([a, exec, sep]) => (exec ? '! ' : '') + format(a) + sep).join(' ');
        const parsed = parseAll(text, literals);
        assert.equal(parsed.length, forms.length);
        for (let i = 0; i < forms.length; i++) {
          assert.equal(parsed[i]!.exec, forms[i]![1]);
          assert.equal(format(parsed[i]!.atom), format(forms[i]![0]));
        }
      },
    ),
    { numRuns: 500 },
  );
});
