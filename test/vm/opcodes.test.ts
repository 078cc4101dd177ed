// The opcode table is complete and consistent, and the disassembler and the
// stack-effect verifier read it for every chunk the compiler makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OP, OP_INFO, type Opcode } from '../../src/vm/opcodes.js';
import { MeTTa } from '../../src/runner/metta.js';
import { programFor } from '../../src/vm/compiler.js';
import { verifyChunk } from '../../src/vm/verify.js';
import { disassemble, disassembleProgram } from '../../src/vm/disasm.js';
import { ChunkBuilder } from '../../src/vm/chunk.js';
import { sym } from '../../src/atom/atom.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

test('every opcode has an info entry with its own name', () => {
  const values = Object.values(OP);
  assert.equal(new Set(values).size, values.length, 'opcode numbers are distinct');
  for (const [name, code] of Object.entries(OP)) {
    const info = OP_INFO[code as Opcode];
    assert.ok(info, `${name} has info`);
    assert.equal(info.name, name);
    assert.ok(info.meaning.length > 0);
  }
  assert.equal(Object.keys(OP_INFO).length, values.length);
});

test("the VM loop's cases are the opcode numbers their comments name, one case per opcode", () => {
  // The compiled test runs from dist/test/vm: the source is two folders up from dist.
  const src = readFileSync(fileURLToPath(new URL('../../../src/vm/vm.ts', import.meta.url)), 'utf8');
  const loop = src.slice(src.indexOf('private loop(): void'));
  const cases = [...loop.slice(0, loop.indexOf('\n  }\n')).matchAll(/case (\d+) \/\* ([A-Z_]+) \*\/:/g)];
  const seen = new Set<string>();
  for (const [, code, name] of cases) {
    assert.equal(Number(code), OP[name as keyof typeof OP], `case ${code} is commented ${name}`);
    assert.ok(!seen.has(name!), `one case for ${name}`);
    seen.add(name!);
  }
  assert.deepEqual([...seen].sort(), Object.keys(OP).sort(), 'every opcode has its case');
  assert.doesNotMatch(loop.slice(0, loop.indexOf('\n  }\n')), /case [A-Z_]+:/, 'no case label by constant name');
});

test('the verifier rejects bad stack effects', () => {
  const b = new ChunkBuilder();
  b.emit(OP.POP);
  const bad = b.finish('bad', 0, 0);
  assert.ok(verifyChunk(bad).errors.length > 0);
  const c = new ChunkBuilder();
  const l = c.newLabel();
  c.emit(OP.CONST, c.constant(sym('a')));
  c.emit(OP.ALTS, l, l);
  c.mark(l);
  c.emit(OP.CONST, c.constant(sym('b')));
  c.emit(OP.RET);
  const twoDeep = c.finish('twoDeep', 0, 0);
  assert.match(verifyChunk(twoDeep).errors.join(), /RET with 2/);
});

const PROGRAM = `
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
(= (len Nil) 0)
(= (len (Cons $h $t)) (+ 1 (len $t)))
(= (pick) (superpose (1 2 (+ 1 2))))
(= (opt $x) (case $x ((0 zero) ((p $y) (let $z (* $y 2) $z)) ($w (collapse (pick))))))
(= (ms) (match &self (len $x) $x))
(= (lets $a) (let* (($b (+ $a 1)) ($c (/ $b 0))) (foo $c)))
(= (logic $a $b) (if (and (not $a) (or $a $b)) (== $a $b) (quote (x $a))))
(= (err) (Error (err) boom))
(= (fb $x) (get-type $x))
(= (count $n) (if (== $n 0) 0 (count (- $n 1))))
`;

test('every compiled chunk passes the stack-effect verifier, and the disassembler prints every chunk', () => {
  const m = new MeTTa({ engine: 'vm' });
  m.run(PROGRAM);
  const text = disassembleProgram(m.space);
  const program = programFor(m.space);
  assert.ok(program.chunks.length >= 10);
  const seen = new Set<string>();
  for (const c of program.chunks) {
    assert.deepEqual(verifyChunk(c).errors, [], c.name);
    assert.ok(text.includes(`== ${c.name} `));
    for (const line of disassemble(c).split('\n')) {
      const m2 = /^\d{5} (\S+)/.exec(line);
      if (m2 !== null) seen.add(m2[1]!);
    }
  }
  for (const name of ['CALL', 'TAILCALL', 'ARITH', 'CMP', 'IF_TEST', 'JUMP_FALSE', 'ALTS', 'GATHER_PUSH', 'GATHER_END',
    'CASE_VALUES', 'MATCH', 'MATCH_SPACE', 'TYCHK', 'RETCHK', 'FALLBACK', 'EVAL_SLOT', 'BUILD', 'CHECK_ARG', 'LOGIC', 'NOT', 'EQ']) {
    assert.ok(seen.has(name), `some chunk uses ${name}`);
  }
});
