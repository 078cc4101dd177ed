// The runner reports problems that stop or skip forms as preformatted strings
// (RunReport.errors): parse errors (ParseError.format(): `file:line:col: msg`,
// source line, caret) and step-limit stops. The CLI needs to tell them apart for
// its exit code, so they are classified here, in one place, until the runner
// reports them as data.

/** A problem the runner reported beside the results. */
export interface RunError {
  readonly kind: 'parse' | 'limit';
  /** The runner's text, positioned as `file:line:col: …`. */
  readonly message: string;
  /** 1-based line the problem is at; 0 when the text carries none. */
  readonly line: number;
}

const LIMIT = /: step limit of \d+ exceeded/;
const POSITION = /^.*:(\d+):\d+: /;

export function classifyRunError(message: string): RunError {
  const firstLine = message.split('\n', 1)[0] ?? '';
  const m = POSITION.exec(firstLine);
  return { kind: LIMIT.test(firstLine) ? 'limit' : 'parse', message, line: m === null ? 0 : Number(m[1]) };
}
