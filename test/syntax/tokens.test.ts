import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sym, GROUNDED, type Atom } from '../../src/atom/atom.js';
import { NumberValue, TRUE, FALSE, makeString, numberOf } from '../../src/atom/grounded.js';
import { TokenTable, literalTokens, TokenError, Parser, format } from '../../src/syntax/index.js';

function num(a: Atom | null): NumberValue {
  assert.ok(a !== null, 'expected a token');
  const v = numberOf(a);
  assert.ok(v !== null, `expected a number, got ${format(a)}`);
  return v;
}

test('literal table: integers', () => {
  const t = literalTokens();
  const a = num(t.lookup('42'));
  assert.equal(a.isFloat, false);
  assert.equal(a.n, 42);
  assert.equal(num(t.lookup('-7')).n, -7);
  assert.equal(num(t.lookup('+5')).n, 5);
  assert.equal(num(t.lookup('007')).n, 7);
  assert.ok(Object.is(num(t.lookup('-0')).n, 0), '-0 is the integer 0');
});

test('literal table: integers past 2^53 are exact, i64 bounds are enforced', () => {
  const t = literalTokens();
  assert.equal(num(t.lookup('9007199254740993')).n, 9007199254740993n);
  assert.equal(format(t.lookup('9007199254740993')!), '9007199254740993');
  assert.equal(num(t.lookup('9223372036854775807')).n, 9223372036854775807n);
  assert.equal(num(t.lookup('-9223372036854775808')).n, -9223372036854775808n);
  assert.equal(num(t.lookup('9007199254740991')).n, 9007199254740991, 'safe integers stay JS numbers');
  assert.throws(() => t.lookup('9223372036854775808'), (e: unknown) => {
    assert.ok(e instanceof TokenError);
    assert.equal(e.message, "Could not parse integer: '9223372036854775808', number too large to fit in target type");
    return true;
  });
  assert.throws(() => t.lookup('-9223372036854775809'), /number too small to fit in target type/);
});

test('literal table: floats', () => {
  const t = literalTokens();
  const cases: [string, number][] = [
    ['1.5', 1.5], ['-0.25', -0.25], ['+2.0', 2], ['1e5', 1e5], ['1E5', 1e5], ['1.5e-3', 1.5e-3], ['2e+2', 200], ['1e400', Infinity],
  ];
  for (const [w, x] of cases) {
    const v = num(t.lookup(w));
    assert.equal(v.isFloat, true, w);
    assert.equal(v.n, x, w);
  }
  assert.equal(format(t.lookup('1e5')!), '100000.0');
});

test('literal table: near-numbers stay symbols', () => {
  const t = literalTokens();
  for (const w of ['.5', '5.', '1_000', '-', '+', '1e', 'e5', '0x10', '1.5.2', '--1', '1-', 'true', 'TRUE', 'NaN', 'inf', '1 ']) {
    assert.equal(t.lookup(w), null, w);
  }
});

test('literal table: booleans', () => {
  const t = literalTokens();
  assert.equal(t.lookup('True'), TRUE);
  assert.equal(t.lookup('False'), FALSE);
});

test('literal table: non-ASCII digits match \\d as in hyperon but are not valid integers', () => {
  assert.throws(() => literalTokens().lookup('٣'), /Could not parse integer: '٣', invalid digit found in string/);
});

test('a regex must match the whole word', () => {
  const t = new TokenTable();
  t.registerRegex(/b/, () => sym('B!'));
  assert.equal(t.lookup('b'), sym('B!'));
  assert.equal(t.lookup('ab'), null);
  assert.equal(t.lookup('bb'), null);
  t.registerRegex(/[0-9]+/g, (w) => sym(`n${w}`));
  assert.equal(t.lookup('123'), sym('n123'), 'g flag is harmless');
  assert.equal(t.lookup('123'), sym('n123'), 'and stateless across calls');
  assert.equal(t.lookup('12a'), null);
});

test('regex matching uses leftmost-first semantics like hyperon (match at 0 must be the whole word)', () => {
  const t = new TokenTable();
  t.registerRegex(/a|ab/, () => sym('hit'));
  assert.equal(t.lookup('a'), sym('hit'));
  assert.equal(t.lookup('ab'), null);
});

test('later registration wins: regex over regex', () => {
  const t = new TokenTable();
  t.registerRegex(/x+/, () => sym('first'));
  t.registerRegex(/x/, () => sym('second'));
  assert.equal(t.lookup('x'), sym('second'));
  assert.equal(t.lookup('xx'), sym('first'));
});

test('later registration wins: bind-style exact word beats an earlier regex', () => {
  const t = literalTokens();
  t.registerWord('42', () => sym('answer'));
  assert.equal(t.lookup('42'), sym('answer'));
  assert.equal(num(t.lookup('43')).n, 43, 'other integers are untouched');
  t.registerWord('&x', () => makeString('bound'));
  assert.equal(format(t.lookup('&x')!), '"bound"');
});

test('later registration wins: a later regex beats an earlier exact word', () => {
  const t = new TokenTable();
  t.registerWord('foo', () => sym('word'));
  assert.equal(t.lookup('foo'), sym('word'));
  t.registerRegex(/f.o/, () => sym('regex'));
  assert.equal(t.lookup('foo'), sym('regex'));
  t.registerWord('foo', () => sym('word2'));
  assert.equal(t.lookup('foo'), sym('word2'), 're-registering the word makes it newest again');
  assert.equal(t.lookup('fxo'), sym('regex'));
});

test('the constructor receives the word text', () => {
  const t = new TokenTable();
  t.registerRegex(/v[0-9]/, (w) => sym(w.toUpperCase()));
  assert.equal(t.lookup('v7'), sym('V7'));
});

test('clone is independent in both directions', () => {
  const base = new TokenTable();
  base.registerWord('a', () => sym('A1'));
  const copy = base.clone();
  copy.registerWord('a', () => sym('A2'));
  copy.registerRegex(/b/, () => sym('B'));
  base.registerWord('c', () => sym('C'));
  assert.equal(base.lookup('a'), sym('A1'));
  assert.equal(base.lookup('b'), null);
  assert.equal(copy.lookup('a'), sym('A2'));
  assert.equal(copy.lookup('b'), sym('B'));
  assert.equal(copy.lookup('c'), null);
  // Sequence numbers continue in the clone: a regex registered there after a copied word still wins.
  copy.registerRegex(/a/, () => sym('A3'));
  assert.equal(copy.lookup('a'), sym('A3'));
});

test('tokens are looked up per call, so registrations between forms apply to later forms', () => {
  const t = literalTokens();
  const p = new Parser('(x 1)\n(x 1)', 'f.metta');
  assert.equal(format(p.next(t)!.atom), '(x 1)');
  t.registerWord('x', () => makeString('X'));
  const second = p.next(t)!.atom;
  assert.equal(format(second), '("X" 1)');
  assert.equal(second.items[0]!.kind, GROUNDED);
  assert.equal(p.next(t), null);
});

test("one merged number regex accepts exactly the words hyperon's three number regexes accept", () => {
  const whole = (re: RegExp, w: string): boolean => new RegExp(`^(?:${re.source})$`, 'u').test(w);
  const hyperon = [/[-+]?\p{Nd}+/u, /[-+]?\p{Nd}+\.\p{Nd}+/u, /[-+]?\p{Nd}+(\.\p{Nd}+)?[eE][-+]?\p{Nd}+/u];
  const t = literalTokens();
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...'0123456789.eE+-x٣'), { maxLength: 10 }), (cs) => {
      const w = cs.join('');
      const expectInt = whole(hyperon[0]!, w);
      const expectFloat = whole(hyperon[1]!, w) || whole(hyperon[2]!, w);
      let got: 'int' | 'float' | 'none' | 'error';
      try {
        const a = t.lookup(w);
        got = a === null ? 'none' : numberOf(a)!.isFloat ? 'float' : 'int';
      } catch {
        got = 'error';
      }
      if (!expectInt && !expectFloat) assert.equal(got, 'none', w);
      // Non-ASCII digits (and i64 overflow) match but fail to convert, as in hyperon.
      else if (/[٣]/.test(w) || got === 'error') assert.equal(got, 'error', w);
      else assert.equal(got, expectInt ? 'int' : 'float', w);
    }),
    { numRuns: 3000 },
  );
});

test('an Int parsed again is the same atom; numbers sharing a cache place stay apart', () => {
  const parse = (src: string): Atom[] => {
    const t = literalTokens(), p = new Parser(src, 'f.metta'), out: Atom[] = [];
    for (let a = p.nextAtom(t); a !== null; a = p.nextAtom(t)) out.push(a);
    return out;
  };
  const [a, b] = parse('(edge 4 5) (edge 5 6)');
  assert.equal(a!.items[2], b!.items[1]);
  // 5 and 5 + 2^16 fall on one place of the direct-mapped cache: each is its own number.
  const xs = parse(`5 ${5 + 65536} 5 -5 ${-5 + 65536} 5.0`);
  assert.deepEqual(xs.map((x) => numberOf(x)!.n), [5, 65541, 5, -5, 65531, 5]);
  assert.equal(numberOf(xs[5]!)!.isFloat, true);
  assert.equal(numberOf(xs[2]!)!.isFloat, false);
  assert.notEqual(xs[0], xs[1]);
  // The cache lives as long as a parse: one that reached its end let its Ints go (a bulk load's earlier chunks).
  const [again] = parse('5');
  assert.notEqual(again, xs[0]);
  assert.equal(numberOf(again!)!.n, 5);
  // A parse of more distinct numbers than the release keeps track of clears the whole table.
  const many = parse(Array.from({ length: 3000 }, (_, i) => String(i)).join(' '));
  const [first, last] = parse('0 2999');
  assert.notEqual(first, many[0]);
  assert.notEqual(last, many[2999]);
  assert.equal(numberOf(last!)!.n, 2999);
});

test('a word looked up as a symbol becomes a token once one is registered for it (word or regex), and a copy keeps its own', () => {
  const t = literalTokens();
  assert.equal(t.lookup('foo'), null);
  assert.equal(t.lookup('foo'), null);
  const before = t.clone();
  t.registerWord('foo', () => sym('FOO'));
  assert.equal(format(t.lookup('foo')!), 'FOO');
  assert.equal(before.lookup('foo'), null);
  assert.equal(t.lookup('bar7'), null);
  t.registerRegex(/bar[0-9]/, (w) => sym(w.toUpperCase()));
  assert.equal(format(t.lookup('bar7')!), 'BAR7');
  // Signs and leading zeros, on the integer fast path as on the regex path.
  assert.ok(Object.is(num(t.lookup('-0')).n, 0));
  assert.equal(num(t.lookup('+12')).n, 12);
  assert.equal(num(t.lookup('007')).n, 7);
  assert.equal(num(t.lookup('1e3')).n, 1000);
  assert.equal(t.lookup('-'), null);
});
