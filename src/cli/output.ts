// Terminal output: colour only when the stream is a terminal (or FORCE_COLOR
// asks for it), never when NO_COLOR is set, so piped output and test
// expectations stay plain text.

export interface Style {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

interface Stream {
  readonly isTTY?: boolean;
  write(s: string): boolean;
}

function colourWanted(stream: Stream): boolean {
  const env = process.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}

const plain = (s: string): string => s;
const sgr = (open: number, close: number) => (s: string): string => `\x1b[${open}m${s}\x1b[${close}m`;

function styleFor(stream: Stream): Style {
  if (!colourWanted(stream)) return { red: plain, green: plain, yellow: plain, bold: plain, dim: plain };
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}

/** A line-oriented writer with the style that suits its stream. */
export class Output {
  readonly style: Style;
  private readonly stream: Stream;
  constructor(stream: Stream) {
    this.stream = stream;
    this.style = styleFor(stream);
  }
  line(text: string): void {
    this.stream.write(text + '\n');
  }
  /** True when the stream is a terminal (a progress bar may redraw itself there). */
  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }
  /** Writes without a newline (a progress bar's `\r` redraw). */
  raw(text: string): void {
    this.stream.write(text);
  }
}

/** The two streams every command writes to. */
export interface Console {
  readonly out: Output;
  readonly err: Output;
}

export function processConsole(): Console {
  return { out: new Output(process.stdout), err: new Output(process.stderr) };
}

/** Prints a runner problem: a parse error's `file:line:col: message` line stands out, its source line and caret follow. */
export function printRunError(err: Output, message: string): void {
  const [first = '', ...rest] = message.split('\n');
  err.line(err.style.bold(err.style.red(first)));
  for (const l of rest) err.line(l);
}
