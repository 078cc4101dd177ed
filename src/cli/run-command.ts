// `metta FILE`: println! output as it happens, then one `[a, b]` line per `!`
// form once the run is over (hyperon's CLIs print results after the run).
import { EXIT, worst, type ExitCode } from './exit-codes.js';
import { type Console, printRunError } from './output.js';
import type { Reporter } from './reporter.js';
import type { FileOutput, SessionEvent } from './session.js';

export class RunReporter implements Reporter {
  private readonly io: Console;
  private readonly codes: ExitCode[] = [];
  constructor(io: Console) {
    this.io = io;
  }

  event(e: SessionEvent): void {
    switch (e.kind) {
      case 'print': this.io.out.line(e.line); break;
      case 'printErr': this.io.err.line(e.line); break;
      case 'file': this.file(e.output); break;
      default: break;
    }
  }

  private file(f: FileOutput): void {
    const { out, err } = this.io;
    if (f.readError !== null) {
      err.line(`metta: cannot read ${f.file}: ${f.readError}`);
      this.codes.push(EXIT.usage);
      return;
    }
    for (const form of f.forms) out.line(form.results);
    for (const e of f.errors) {
      printRunError(err, e.message);
      if (e.kind === 'limit' && e.message.includes('step limit')) err.line(err.style.dim('metta: raise the per-form step budget with --max-steps N'));
      this.codes.push(e.kind === 'parse' ? EXIT.parse : EXIT.limit);
    }
    // With no error reported, an early stop means a `!` form returned an Error (hyperon stops there).
    if (f.stopped && f.errors.length === 0) this.codes.push(EXIT.failure);
  }

  stopped(reason: string, file: string | null): void {
    this.io.err.line(this.io.err.style.red(`metta: ${reason}${file === null ? '' : ` while running ${file}`}`));
    this.codes.push(EXIT.limit);
  }

  finish(): ExitCode {
    return worst(this.codes);
  }
}
