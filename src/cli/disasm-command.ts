// `metta --disasm FILE`: loads the program (its atoms, and its import forms so
// imported rules are in place; no other `!` form runs), compiles every rule for
// the VM and prints each chunk with the disassembler.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MeTTa } from '../runner/metta.js';
import { EXPRESSION, SYMBOL, type Atom } from '../atom/atom.js';
import { disassembleProgram } from '../vm/index.js';
import { nodeFiles } from './node-files.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Console } from './output.js';

export function disassembleFile(file: string, io: Console): ExitCode {
  let src: string;
  try {
    src = readFileSync(file, 'utf8');
  } catch (e) {
    io.err.line(`metta: cannot read ${file}: ${(e as Error).message}`);
    return EXIT.usage;
  }
  const m = new MeTTa({ engine: 'tree', files: nodeFiles, print: () => {}, printErr: () => {} });
  m.baseDir = dirname(file);
  const report = m.runReport(src, file, { evaluateIf: isImport });
  for (const e of report.errors) io.err.line(e);
  io.out.line(disassembleProgram(m.space));
  return report.errors.length > 0 ? EXIT.parse : EXIT.ok;
}

const IMPORTS = new Set(['import!', 'register-module!']);

function isImport(form: Atom): boolean {
  const head = form.kind === EXPRESSION ? form.items[0] : undefined;
  return head !== undefined && head.kind === SYMBOL && IMPORTS.has(head.name);
}
