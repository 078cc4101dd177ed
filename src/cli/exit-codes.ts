// The `metta` command's exit codes, in one place so --help, the commands and
// the tests agree on them.

/** Process exit codes, as documented by `metta --help`. */
export const EXIT = {
  /** Everything ran; every check passed. */
  ok: 0,
  /** A MeTTa Error stopped the run, or a check failed. */
  failure: 1,
  /** Bad command line, or a file that cannot be read. */
  usage: 2,
  /** The source does not parse. */
  parse: 3,
  /** The step budget (--max-steps), the time limit (--timeout) or the memory budget (--max-memory) ran out. */
  limit: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

// When several apply, the one that says most about what to fix first wins:
// a usage error hides everything, a parse error hides the checks after it.
const PRIORITY: readonly ExitCode[] = [EXIT.usage, EXIT.parse, EXIT.limit, EXIT.failure, EXIT.ok];

/** The code to exit with when several outcomes were seen. */
export function worst(codes: Iterable<ExitCode>): ExitCode {
  let best = PRIORITY.length - 1;
  for (const c of codes) best = Math.min(best, PRIORITY.indexOf(c));
  return PRIORITY[best]!;
}
