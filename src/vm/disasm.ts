// The disassembler: prints a chunk from the opcode table, one instruction a
// line with its operands decoded, and the source atom where it changes.
import { format } from '../syntax/printer.js';
import { typeOfSpec } from './type-specs.js';
import type { GroundingSpace } from '../space/space.js';
import type { Chunk } from './chunk.js';
import { programFor } from './compiler.js';
import { OP_INFO, instructionLength, type Opcode } from './opcodes.js';

const TY_NAMES = ['%Undefined%', 'Number', 'Bool', 'inherit'];

export function disassemble(chunk: Chunk, procName: (id: number) => string = (id) => `#${id}`): string {
  const out: string[] = [`== ${chunk.name} (arity ${chunk.arity}, slots ${chunk.nslots}, stack ${chunk.maxStack}) ==`];
  const code = chunk.code;
  let lastSource = -1;
  for (let pc = 0; pc < code.length; pc += instructionLength(code, pc)) {
    const src = chunk.lines[pc]!;
    if (src !== lastSource && src >= 0) {
      out.push(`      ; ${format(chunk.sources[src]!).slice(0, 100)}`);
      lastSource = src;
    }
    const info = OP_INFO[code[pc]! as Opcode];
    const parts: string[] = [];
    let at = 1;
    for (const k of info.operands) {
      const v = code[pc + at]!;
      switch (k) {
        case 'k': parts.push(`${v} '${format(chunk.consts[v]!).slice(0, 60)}'`); break;
        case 't': parts.push(`${v} '${format(chunk.templates[v]!.atom).slice(0, 60)}'`); break;
        case 'p': parts.push(`${v} '${format(chunk.patterns[v]!.atom).slice(0, 60)}'`); break;
        case 'f': parts.push(procName(v)); break;
        case 'y': parts.push(v < 0 ? `slot ${-2 - v}` : TY_NAMES[v] ?? format(typeOfSpec(v))); break;
        case 'L': parts.push(`->${v}`); break;
        case 'N': {
          const labels: string[] = [];
          for (let j = 1; j <= v; j++) labels.push(`->${code[pc + at + j]!}`);
          parts.push(labels.join(' '));
          at += v;
          break;
        }
        default: parts.push(String(v));
      }
      at++;
    }
    out.push(`${String(pc).padStart(5, '0')} ${info.name.padEnd(12)} ${parts.join(', ')}`.trimEnd());
  }
  return out.join('\n');
}

/** Compiles every `=` rule of a space and prints all chunks (`metta --disasm FILE`). */
export function disassembleProgram(space: GroundingSpace): string {
  const program = programFor(space);
  program.compileAll();
  const name = (id: number): string => program.procName(id);
  return program.chunks.map((c) => disassemble(c, name)).join('\n\n');
}
