import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SYMBOL, VARIABLE, EXPRESSION, GROUNDED, sym, variable, expr, atomEq, type Atom } from '../../src/atom/atom.js';
import { makeInt, makeString, numberOf, stringOf } from '../../src/atom/grounded.js';
import {
  Parser, parseAll, parseAtom, ParseError, literalTokens, format, type ParseErrorCode, type TopForm,
} from '../../src/syntax/index.js';

const show = (src: string): string => parseAll(src).map((f) => (f.exec ? '!' : '') + format(f.atom)).join(' | ');

function expectError(src: string, code: ParseErrorCode, message: string | RegExp, line: number, col: number): ParseError {
  let caught: unknown = null;
  try {
    parseAll(src, literalTokens(), 'test.metta');
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ParseError, `expected a ParseError for ${JSON.stringify(src)}, got ${String(caught)}`);
  assert.equal(caught.code, code);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  assert.deepEqual(caught.pos, { file: 'test.metta', line, col });
  assert.ok(caught.expected.length > 0);
  return caught;
}

/** All forms and errors of a source, reading on after each error. */
function readAll(src: string): (TopForm | ParseError)[] {
  const p = new Parser(src, 'r.metta');
  const t = literalTokens();
  const out: (TopForm | ParseError)[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    try {
      const f = p.next(t);
      if (f === null) return out;
      out.push(f);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      out.push(e);
    }
  }
  throw new Error('parser did not terminate');
}
const summary = (items: (TopForm | ParseError)[]): string[] =>
  items.map((x) => (x instanceof ParseError ? `error ${x.pos.line}:${x.pos.col} ${x.message}` : (x.exec ? '!' : '') + format(x.atom)));

test('symbols, expressions and the empty expression', () => {
  const a = parseAtom('(= (fac $n) (* $n (fac (- $n 1))))');
  assert.equal(format(a), '(= (fac $n) (* $n (fac (- $n 1))))');
  assert.equal(a.kind, EXPRESSION);
  assert.equal(a.items[0], sym('='));
  assert.equal(parseAtom('()').items.length, 0);
  assert.equal(format(parseAtom('( )')), '()');
  assert.equal(format(parseAtom('(() (()))')), '(() (()))');
  assert.equal(show('(a) (b)'), '(a) | (b)');
  assert.equal(show('a b\nc'), 'a | b | c');
});

test('integer and float literals through the parser', () => {
  const a = parseAtom('(1 -2 +3 9007199254740993 1.5 1e5 .5 5. 1_000 - + True False)');
  assert.equal(format(a), '(1 -2 3 9007199254740993 1.5 100000.0 .5 5. 1_000 - + True False)');
  assert.equal(numberOf(a.items[3]!)!.n, 9007199254740993n);
  assert.equal(numberOf(a.items[5]!)!.isFloat, true);
  for (const i of [6, 7, 8, 9, 10]) assert.equal(a.items[i]!.kind, SYMBOL);
  assert.equal(a.items[11]!.kind, GROUNDED);
  assert.ok(atomEq(a.items[0]!, makeInt(1)));
});

test('i64 overflow is a positioned parse error', () => {
  const e = expectError('(a\n  (b 9223372036854775808))', 'badToken',
    "Could not parse integer: '9223372036854775808', number too large to fit in target type", 2, 6);
  assert.equal(e.expected, 'an integer in the i64 range');
  expectError('-9223372036854775809', 'badToken', /number too small/, 1, 1);
});

test('strings: plain, multi-line, unicode, adjacent to other tokens', () => {
  assert.equal(stringOf(parseAtom('"te st"')), 'te st');
  assert.equal(stringOf(parseAtom('""')), '');
  assert.equal(stringOf(parseAtom('"a\nb"')), 'a\nb');
  assert.equal(stringOf(parseAtom('"ж ⟮ 😀 ; ( ) $x"')), 'ж ⟮ 😀 ; ( ) $x');
  // A string ends at its closing quote; what follows is the next token.
  const e = parseAtom('("a"b "c"(d))');
  assert.equal(format(e), '("a" b "c" (d))');
  assert.equal(e.items[1], sym('b'));
});

test('strings: every escape', () => {
  const cases: [string, string][] = [
    ['\\"', '"'], ["\\'", "'"], ['\\\\', '\\'], ['\\n', '\n'], ['\\r', '\r'], ['\\t', '\t'],
    ['\\x41', 'A'], ['\\x7f', '\x7f'], ['\\x7F', '\x7f'], ['\\x00', '\0'], ['\\x1b[1;32m', '\x1b[1;32m'],
    ['\\u{48}', 'H'], ['\\u{0123}', '\u0123'], ['\\u{130AC}', '\u{130AC}'], ['\\u{130ac}', '\u{130ac}'],
    ['\\u{1F600}', '😀'], ['\\u{00000041}', 'A'], ['\\u{10FFFF}', '\u{10FFFF}'], ['\\u{}', '\0'], ['\\0', '\0'],
    ['a\\tb\\nc', 'a\tb\nc'],
  ];
  for (const [src, want] of cases) assert.equal(stringOf(parseAtom(`"${src}"`)), want, src);
});

test('strings: invalid escapes, unfinished escape, unclosed literal', () => {
  for (const bad of ['\\q', '\\x80', '\\xFF', '\\x4', '\\xg1', '\\u0041', '\\u0{123}', '\\u{0123', '\\u{defg}', '\\u{123456789}', '\\u{110000}', '\\u{D800}', '\\ ']) {
    expectError(`(s "ab${bad}")`, 'invalidEscape', 'Invalid escape sequence', 1, 7);
  }
  expectError('"abc\\', 'escapeNotFinished', 'Escaping sequence is not finished', 1, 5);
  expectError('(a "abc\\x4', 'invalidEscape', 'Invalid escape sequence', 1, 8);
  expectError('(a\n "abc\ndef', 'unclosedString', 'Unclosed String Literal', 2, 2);
});

test('comments anywhere', () => {
  assert.equal(show('(a; 4)\n5)'), '(a 5)');
  assert.equal(show(' (a ; 4)\n                  5)'), '(a 5)');
  assert.equal(show(' (a 5 ; 4)\n )'), '(a 5)');
  assert.equal(show(' (a 4);\n(b 5)'), '(a 4) | (b 5)');
  assert.equal(show(';(a 4)\n(b 5)'), '(b 5)');
  assert.equal(show('(a (b ;x)\n c));y\n;z'), '(a (b c))');
  assert.equal(show('; only a comment'), '');
  assert.equal(show('(a) ; no newline at end'), '(a)');
  assert.equal(show('!;c\n(f)'), '!(f)');
  // Only \n ends a comment.
  assert.equal(show('; a\r b\n(c)'), '(c)');
});

test('variables', () => {
  const a = parseAtom('(f $x $long-name $ж)');
  assert.equal(format(a), '(f $x $long-name $ж)');
  assert.equal(a.items[1]!.kind, VARIABLE);
  assert.equal(a.items[1]!.name, 'x');
  assert.equal(a.items[1]!.id, 0);
  assert.ok(atomEq(a.items[2]!, variable('long-name')));
  // A variable runs to whitespace or a parenthesis only, so `;` and `"` belong to it.
  assert.equal(parseAtom('$x;c').name, 'x;c');
  assert.equal(parseAtom('$a"b"').name, 'a"b"');
  assert.equal(format(parseAtom('($x)')), '($x)');
  assert.equal(parseAtom('$').name, '');
});

test("'#' in a variable is reserved", () => {
  expectError('(a $x#1)', 'hashInVariable', "'#' char is reserved for internal usage", 1, 6);
  expectError('$a#', 'hashInVariable', "'#' char is reserved for internal usage", 1, 3);
});

test("words: '#', quotes and non-ASCII inside, Unicode whitespace separates", () => {
  assert.equal(format(parseAtom('(#a a#b a"b" ж ⟮x⟯)')), '(#a a#b a"b" ж ⟮x⟯)');
  assert.equal(parseAtom('(#a)').items[0], sym('#a'));
  const ws = '(a\u3000b\u00a0c\u0085d\u2028e\u000bf\u000cg)';
  assert.equal(parseAtom(ws).items.length, 7);
  // U+FEFF is not White_Space in Rust, so it is part of a word.
  assert.equal(parseAtom('(a\ufeffb)').items.length, 1);
  // ...but a leading BOM is skipped.
  assert.equal(show('\ufeff(a)'), '(a)');
});

test("'!' forms", () => {
  const forms = parseAll('!(f)\n! (g)\n! h\n!i\n(j)\n!\n(k)\n! ! (l)');
  assert.deepEqual(forms.map((f) => [f.exec, format(f.atom)]), [
    [true, '(f)'], [true, '(g)'], [true, 'h'], [false, '!i'], [false, '(j)'], [true, '(k)'], [true, '(l)'],
  ]);
  assert.equal(forms[3]!.atom, sym('!i'));
  assert.deepEqual(forms.map((f) => [f.pos.line, f.pos.col]), [[1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [8, 1]]);
  // Inside an expression `!` is just a symbol.
  assert.equal(format(parseAll('(a ! b)')[0]!.atom), '(a ! b)');
  assert.equal(parseAll('(a ! b)')[0]!.exec, false);
  // parseAtom gives `!` no meaning.
  assert.equal(parseAtom('!'), sym('!'));
  // `"` may continue a word, so `!"s"` is one symbol, like `!1`.
  assert.deepEqual(parseAll('!"s" !1').map((f) => [f.exec, f.atom]), [[false, sym('!"s"')], [false, sym('!1')]]);
  assert.deepEqual(parseAll('! "s"').map((f) => [f.exec, format(f.atom)]), [[true, '"s"']]);
});

test("'!' at end of input", () => {
  expectError('(a)\n  !  ', 'atomAfterExec', "Expected an atom after '!'", 2, 3);
  expectError('!', 'atomAfterExec', "Expected an atom after '!'", 1, 1);
  expectError('! ; comment', 'atomAfterExec', "Expected an atom after '!'", 1, 1);
});

test('stray right bracket', () => {
  expectError(')', 'unexpectedRightBracket', 'Unexpected right bracket', 1, 1);
  expectError('(a)\n(b))', 'unexpectedRightBracket', 'Unexpected right bracket', 2, 4);
  expectError('! )', 'unexpectedRightBracket', 'Unexpected right bracket', 1, 3);
});

test('unclosed parenthesis: reported at the innermost unclosed paren', () => {
  expectError('(a', 'unclosedParen', 'Unexpected end of input: unclosed parenthesis opened at 1:1', 1, 1);
  expectError('(= (f $x) (g $x', 'unclosedParen', 'Unexpected end of input: unclosed parenthesis opened at 1:11', 1, 11);
  expectError('(a)\n  (b (c)\n', 'unclosedParen', 'Unexpected end of input: unclosed parenthesis opened at 2:3', 2, 3);
});

test('positions: 1-based, columns in code points, CRLF lines', () => {
  const forms = parseAll('(a)\r\n  (b)\r\n\t!(c)', literalTokens(), 'x.metta');
  assert.deepEqual(forms.map((f) => f.pos), [
    { file: 'x.metta', line: 1, col: 1 }, { file: 'x.metta', line: 2, col: 3 }, { file: 'x.metta', line: 3, col: 2 },
  ]);
  expectError('(😀 ж) )', 'unexpectedRightBracket', 'Unexpected right bracket', 1, 7);
  const e = expectError('(a)\r\n(b))\r\n', 'unexpectedRightBracket', 'Unexpected right bracket', 2, 4);
  assert.equal(e.sourceLine, '(b))');
});

test('ParseError.format shows file:line:col, the line and a caret', () => {
  const e = expectError('(a)\n\t(b "x\\q")\n', 'invalidEscape', 'Invalid escape sequence', 2, 7);
  assert.equal(e.format(), 'test.metta:2:7: Invalid escape sequence\n\t(b "x\\q")\n\t     ^');
  assert.equal(e.sourceLine, '\t(b "x\\q")');
  const f = expectError('(a b', 'unclosedParen', /opened at 1:1/, 1, 1);
  assert.equal(f.format(), 'test.metta:1:1: Unexpected end of input: unclosed parenthesis opened at 1:1\n(a b\n^');
});

test('recovery: forms after a bad one are still read', () => {
  const src = [
    '(good 1)',
    '(bad "\\q"',
    '   (inner))',
    '(good 2)',
    ')',
    '!(good 3)',
    '(bad $x#)',
    '   (still bad))',
    '  ; comment',
    '(good 4)',
    '(unclosed (x)',
    '(good 5)',
  ].join('\n');
  assert.deepEqual(summary(readAll(src)), [
    '(good 1)',
    'error 2:7 Invalid escape sequence',
    '(good 2)',
    'error 5:1 Unexpected right bracket',
    '!(good 3)',
    "error 7:8 '#' char is reserved for internal usage",
    '(good 4)',
    'error 11:1 Unexpected end of input: unclosed parenthesis opened at 11:1',
    '(good 5)',
  ]);
});

test('recovery: an unclosed string swallows nothing after its line', () => {
  assert.deepEqual(summary(readAll('(a "oops)\n(b)\n!(c)')), [
    'error 1:4 Unclosed String Literal', '(b)', '!(c)',
  ]);
  assert.deepEqual(summary(readAll('(a)\n!')), ['(a)', "error 2:1 Expected an atom after '!'"]);
  assert.deepEqual(summary(readAll('(x 99999999999999999999)\n(y)')), [
    "error 1:4 Could not parse integer: '99999999999999999999', number too large to fit in target type", '(y)',
  ]);
});

test('recovery: indented forms are kept when the bad form is indented too', () => {
  assert.deepEqual(summary(readAll('  (a))\n  (b)')), ['(a)', 'error 1:6 Unexpected right bracket', '(b)']);
});

test('parseAtom rejects empty and trailing input', () => {
  assert.throws(() => parseAtom('  ; nothing'), (e: unknown) => e instanceof ParseError && e.code === 'expectedAtom');
  assert.throws(() => parseAtom('(a) b'), (e: unknown) => e instanceof ParseError && e.code === 'trailingText' && e.pos.col === 5);
  assert.equal(format(parseAtom('  (a) ; trailing comment is fine\n')), '(a)');
});

test('nextAtom reads raw atoms', () => {
  const p = new Parser('! (f) x', 'n');
  const t = literalTokens();
  assert.equal(p.nextAtom(t), sym('!'));
  assert.equal(format(p.nextAtom(t)!), '(f)');
  assert.equal(p.nextAtom(t), sym('x'));
  assert.equal(p.nextAtom(t), null);
});

test('parsed atoms equal atoms built directly', () => {
  const built = expr([sym('f'), variable('x'), makeInt(1), makeString('s'), expr([])]);
  assert.ok(atomEq(parseAtom('(f $x 1 "s" ())'), built));
});

test('nesting 1,000,000 deep parses and prints without recursion', () => {
  const depth = 1_000_000;
  const src = '('.repeat(depth) + 'x' + ')'.repeat(depth);
  const forms = parseAll('!' + src + '\n(after)');
  assert.equal(forms.length, 2);
  assert.equal(forms[0]!.exec, true);
  let a: Atom = forms[0]!.atom;
  let d = 0;
  while (a.kind === EXPRESSION) {
    assert.equal(a.items.length, 1);
    a = a.items[0]!;
    d++;
  }
  assert.equal(d, depth);
  assert.equal(a, sym('x'));
  const printed = format(forms[0]!.atom);
  assert.equal(printed.length, src.length);
  assert.equal(printed, src);
  assert.equal(format(forms[1]!.atom), '(after)');
});

test('unclosed paren at depth 1,000,000 is an error, not a stack overflow', () => {
  expectError('('.repeat(1_000_000), 'unclosedParen', 'Unexpected end of input: unclosed parenthesis opened at 1:1000000', 1, 1_000_000);
});
