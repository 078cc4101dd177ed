// The stack-effect verifier (QuickJS style): follows every path through a
// chunk with the opcode table's pops and pushes, and checks that each
// instruction is reached with one stack depth, that nothing pops below the
// frame, and that RET and tail calls find their operands. It also gives the
// chunk's maximum stack depth, which the VM reserves at each call.
import type { Chunk } from './chunk.js';
import { OP, OP_INFO, instructionLength, type Opcode } from './opcodes.js';

export interface VerifyResult {
  readonly errors: string[];
  readonly maxStack: number;
}

export function verifyChunk(chunk: Chunk): VerifyResult {
  const code = chunk.code;
  const depthAt = new Int32Array(code.length).fill(-1);
  const errors: string[] = [];
  let max = 0;
  const work: Array<[number, number]> = [[0, 0]];
  const reach = (pc: number, d: number, from: number): void => {
    if (pc < 0 || pc >= code.length) {
      errors.push(`${chunk.name}@${from}: jump to ${pc} outside the chunk`);
      return;
    }
    if (depthAt[pc] === -1) work.push([pc, d]);
    else if (depthAt[pc] !== d) errors.push(`${chunk.name}@${pc}: reached with depths ${depthAt[pc]} and ${d}`);
  };
  while (work.length > 0) {
    const [pc, d] = work.pop()!;
    if (depthAt[pc] !== -1) {
      if (depthAt[pc] !== d) errors.push(`${chunk.name}@${pc}: reached with depths ${depthAt[pc]} and ${d}`);
      continue;
    }
    depthAt[pc] = d;
    const op = code[pc]! as Opcode;
    const info = OP_INFO[op];
    if (info === undefined) {
      errors.push(`${chunk.name}@${pc}: unknown opcode ${op}`);
      continue;
    }
    const len = instructionLength(code, pc);
    const ops: number[] = [];
    for (let i = 1; i < len; i++) ops.push(code[pc + i]!);
    const pop = typeof info.pop === 'number' ? info.pop : info.pop(ops);
    if (pop > d) {
      errors.push(`${chunk.name}@${pc}: ${info.name} pops ${pop} from a stack of ${d}`);
      continue;
    }
    const after = d - pop + info.push;
    if (after > max) max = after;
    if (op === OP.RET && d !== 1) errors.push(`${chunk.name}@${pc}: RET with ${d} values on the stack`);
    let at = 1;
    for (const k of info.operands) {
      if (k === 'L') reach(code[pc + at]!, d + info.jumpDelta, pc);
      if (k === 'N') {
        const n = code[pc + at]!;
        for (let j = 1; j <= n; j++) reach(code[pc + at + j]!, d + info.jumpDelta, pc);
        at += n;
      }
      at++;
    }
    if (!info.ends) reach(pc + len, after, pc);
  }
  return { errors, maxStack: max };
}
