// The runner reports problems that stop or skip forms as preformatted strings
// (RunReport.errors): parse errors (ParseError.format(): `file:line:col: msg`,
// the source line, a caret line) and limit stops (one line: `file:line:col:
// step limit of N exceeded while evaluating …`, or another limit). The CLI needs
// to tell them apart for its exit code, so they are classified here, in one
// place, until the runner reports them as data. The caret line is what marks a
// parse error: limit messages may change wording, a parse error keeps its shape.

/** A problem the runner reported beside the results. */
export interface RunError {
  readonly kind: 'parse' | 'limit';
  /** The runner's text, positioned as `file:line:col: …`. */
  readonly message: string;
  /** 1-based line the problem is at; 0 when the text carries none. */
  readonly line: number;
}

const POSITION = /^.*:(\d+):\d+: /;
const CARET_LINE = /^\s*\^$/;

export function classifyRunError(message: string): RunError {
  const lines = message.split('\n');
  const m = POSITION.exec(lines[0] ?? '');
  const parse = lines.length >= 3 && CARET_LINE.test(lines[lines.length - 1]!);
  return { kind: parse ? 'parse' : 'limit', message, line: m === null ? 0 : Number(m[1]) };
}
