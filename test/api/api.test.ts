// The embedding API as a host program sees it: only imports from src/index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MeTTa, sym, variable, expr, makeInt, makeFloat, makeString, makeBool, numberOf, stringOf, boolOf, atomEq,
  parseAtom, parseAll, ParseError, format, formatResults, GroundingSpace, SYMBOL, EXPRESSION, GROUNDED,
  type Atom, type FileAccess, type EngineName,
} from '../../src/index.js';

const show = (forms: Atom[][]): string[] => forms.map(formatResults);

test('run returns one result array per ! form', () => {
  const results = new MeTTa().run('!(+ 1 2)');
  assert.equal(results.length, 1);
  assert.equal(results[0]!.length, 1);
  assert.ok(atomEq(results[0]![0]!, makeInt(3)));
  assert.deepEqual(show(new MeTTa().run('!(+ 1 2) (foo) !(superpose (a b)) !(empty)')), ['[3]', '[a, b]', '[]']);
});

test('definitions persist across run calls on one runner', () => {
  const m = new MeTTa();
  m.run('(= (double $x) (* 2 $x))');
  assert.deepEqual(show(m.run('!(double 21)')), ['[42]']);
});

test('both engines give the same results', () => {
  const program = '(= (fact $n) (if (== $n 0) 1 (* $n (fact (- $n 1))))) !(fact 10) !(let $x 3 (+ $x 0.5))';
  const engines: EngineName[] = ['tree', 'vm'];
  for (const engine of engines) assert.deepEqual(show(new MeTTa({ engine }).run(program)), ['[3628800]', '[3.5]'], engine);
});

test('println! goes to the print option', () => {
  const lines: string[] = [];
  new MeTTa({ print: (s) => lines.push(s) }).run('!(println! "hello") !(println! (a 1))');
  assert.deepEqual(lines, ['hello', '(a 1)']);
});

test('maxSteps stops a runaway form and runReport says where', () => {
  const m = new MeTTa({ maxSteps: 10_000 });
  const report = m.runReport('(= (loop) (loop))\n!(+ 1 1)\n!(loop)', 'loop.metta');
  assert.deepEqual(report.forms.map((f) => formatResults(f.results)), ['[2]']);
  assert.equal(report.stopped, true);
  assert.match(report.errors[0] ?? '', /^loop\.metta:3:1: step limit of 10000 exceeded/);
});

test('runReport gives each form its source and line; stats count steps', () => {
  const m = new MeTTa({ engine: 'tree' });
  const report = m.runReport('\n!(+ 1 2)\n\n!(* 2 3)');
  assert.deepEqual(report.forms.map((f) => [format(f.source), f.line]), [['(+ 1 2)', 2], ['(* 2 3)', 4]]);
  assert.ok(m.stats.steps > 0);
});

test('a parse error is reported with its position, and the other forms still run', () => {
  const report = new MeTTa().runReport('!(+ 1 2)\n(a "b\\q")\n', 'bad.metta');
  assert.deepEqual(report.forms.map((f) => formatResults(f.results)), ['[3]']);
  assert.match(report.errors[0] ?? '', /^bad\.metta:2:6: Invalid escape sequence\n\(a "b\\q"\)\n {5}\^$/);
});

test('the top space can be filled by the host and queried from MeTTa', () => {
  const m = new MeTTa();
  assert.ok(m.space instanceof GroundingSpace);
  m.space.add(expr([sym('parent'), sym('Tom'), sym('Bob')]));
  m.space.add(parseAtom('(parent Tom Liz)'));
  assert.deepEqual(show(m.run('!(collapse (match &self (parent Tom $x) $x))')).map((s) => s.replace(/Bob|Liz/g, 'P')), ['[(P P)]']);
  assert.equal(m.space.query(parseAtom('(parent $p Bob)')).length, 1);
});

test('evaluate runs one atom built by the host', () => {
  const m = new MeTTa();
  m.run('(= (greet $who) (hello $who))');
  assert.deepEqual(m.evaluate(expr([sym('greet'), sym('world')])).map(format), ['(hello world)']);
});

test('atom constructors and accessors', () => {
  const a = expr([sym('f'), variable('x'), makeInt(1), makeFloat(2), makeString('s\n'), makeBool(true)]);
  assert.equal(format(a), '(f $x 1 2.0 "s\\n" True)');
  assert.equal(a.kind, EXPRESSION);
  assert.equal(sym('f').kind, SYMBOL);
  assert.equal(sym('f'), sym('f'));
  assert.equal(makeInt(7).kind, GROUNDED);
  assert.equal(numberOf(makeInt(7))?.toNumber(), 7);
  assert.equal(stringOf(makeString('s')), 's');
  assert.equal(boolOf(makeBool(false)), false);
  assert.ok(atomEq(parseAtom('(f $x 1 2.0 "s\\n" True)'), a));
});

test('parseAll reads forms and throws ParseError with a position', () => {
  const forms = parseAll('(a b)\n!(c)');
  assert.deepEqual(forms.map((f) => [format(f.atom), f.exec, f.pos.line]), [['(a b)', false, 1], ['(c)', true, 2]]);
  assert.throws(() => parseAll('(a\n(b', undefined, 'x.metta'), (e: unknown) => e instanceof ParseError && /^x\.metta:2:1: Unexpected end of input/.test(e.format()));
});

test('import! loads modules through host-granted file access', () => {
  const files: Record<string, string> = { 'lib/util.metta': '(= (twice $x) (* 2 $x))' };
  const access: FileAccess = { readFile: (path) => files[path] ?? null };
  const m = new MeTTa({ files: access });
  m.baseDir = 'lib';
  assert.deepEqual(show(m.run('!(import! &self util) !(twice 4)')), ['[()]', '[8]']);
  assert.match(show(new MeTTa().run('!(import! &self util)'))[0]!, /Error/);
});

test('parseAtom knows the standard tokens: evaluating a parsed (+ 40 2) gives 42', () => {
  const m = new MeTTa();
  assert.deepEqual(m.evaluate(parseAtom('(+ 40 2)')).map(format), ['42']);
  assert.deepEqual(m.evaluate(parseAtom('(if (< 1 2) yes no)')).map(format), ['yes']);
  assert.equal(parseAtom('PI').kind, GROUNDED);
  assert.equal(parseAtom('+').kind, GROUNDED);
  // A runner's own tokens are known only to its parse.
  m.registerOperation('twice', '(-> Number Number)', (x) => numberOf(x)!.toNumber() * 2);
  assert.equal(parseAtom('twice').kind, SYMBOL);
  assert.deepEqual(m.evaluate(m.parse('(twice 21)')[0]!).map(format), ['42']);
  assert.equal(parseAll('!(+ 1 2)')[0]!.atom.items[0]!.kind, GROUNDED);
});
