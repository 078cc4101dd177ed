// `metta test FILE...`: every `!(assert…)` form is one check; a summary line per
// file, the failures under it, and a closing `N passed, N failed` line.
import { EXIT, worst, type ExitCode } from './exit-codes.js';
import { type Console, printRunError } from './output.js';
import type { Reporter } from './reporter.js';
import type { FileOutput, SessionEvent } from './session.js';

// Failed asserts repeat their whole argument inside the Error; enough to see why.
const MAX_SHOWN = 600;

function clip(s: string): string {
  return s.length <= MAX_SHOWN ? s : s.slice(0, MAX_SHOWN) + '…';
}

export class TestReporter implements Reporter {
  private readonly io: Console;
  private readonly codes: ExitCode[] = [];
  private passed = 0;
  private failed = 0;
  constructor(io: Console) {
    this.io = io;
  }

  event(e: SessionEvent): void {
    if (e.kind === 'printErr') this.io.err.line(e.line);
    else if (e.kind === 'file') this.file(e.output);
  }

  private file(f: FileOutput): void {
    const { out } = this.io;
    const s = out.style;
    if (f.readError !== null) {
      this.io.err.line(`metta: cannot read ${f.file}: ${f.readError}`);
      this.codes.push(EXIT.usage);
      return;
    }
    let p = 0;
    let n = 0;
    for (const form of f.forms) {
      if (form.check === true) p++;
      else if (form.check === false) n++;
    }
    // A parse error or a limit hides the checks after it: each counts as a failure.
    n += f.errors.length;
    this.passed += p;
    this.failed += n;
    const counts = `${p} passed, ${n} failed`;
    out.line(`${f.file}: ${n > 0 ? s.red(counts) : s.green(counts)}`);
    for (const form of f.forms) {
      if (form.check !== false) continue;
      out.line(`  ${s.bold(`line ${form.line}:`)} ${clip(form.source)}`);
      out.line(`    got ${clip(form.results)}`);
    }
    for (const e of f.errors) {
      printRunError(this.io.err, e.message);
      this.codes.push(e.kind === 'parse' ? EXIT.parse : EXIT.limit);
    }
    if (n > 0) this.codes.push(EXIT.failure);
  }

  stopped(reason: string, file: string | null): void {
    this.io.err.line(this.io.err.style.red(`metta: ${reason}${file === null ? '' : ` while running ${file}`}`));
    // The unfinished file's checks are unknown: it counts as one failure.
    if (file !== null) this.failed++;
    this.codes.push(EXIT.limit);
  }

  finish(): ExitCode {
    this.io.out.line(`${this.passed} passed, ${this.failed} failed`);
    return worst(this.codes);
  }
}
