// The text of `metta --help`. Exit codes are listed from the EXIT table so the
// documentation cannot drift from what the commands return.
import { EXIT } from './exit-codes.js';

export function helpText(version: string): string {
  return `metta ${version}: run MeTTa programs (OpenCog Hyperon's language)

Usage:
  metta [options]                start the interactive REPL (:help inside)
  metta [options] FILE           run FILE: println! output, then one result
                                 line per ! form, e.g. [a, b]
  metta test [options] FILE...   run check files: every !(assert...) form is
                                 one check, passing iff it returns [()]
  metta load FILE... --into URL  stream FILE's atoms into the database space
                                 URL (sqlite:FILE, postgres://…), in transactions of
                                 --batch N atoms (default 50000); a progress
                                 bar on a terminal, the count at the end
  metta --help | --version

Options:
  --engine vm|tree   execution tier (default vm; the VM hands what it cannot
                     compile yet to the tree-walker)
  --max-steps N      stop a ! form after N evaluation steps
  --timeout SECONDS  stop the whole command after SECONDS of wall-clock time
  --max-memory MIB   stop a ! form that holds more than MIB MiB (default: a
                     third of the JavaScript heap limit; 0 for no budget)
  --stats            print steps, VM fallbacks, tabled calls, calls run as
                     compiled JavaScript (and deopts) and time to stderr
  --no-tabling       do not memoise pure recursive functions (VM); the same
                     as (pragma! tabling False)
  --jitless          never compile hot numeric procedures or collapse
                     bodies to JavaScript
  --disasm FILE      load FILE, then print the bytecode of every rule
  --space URL        make &self the database space URL names (sqlite:FILE,
                     postgres://…):
                     what the program adds persists, and is there next run
  --debug            print JavaScript stack traces of internal errors
  -h, --help         show this help
  -V, --version      show the version

Exit codes:
  ${EXIT.ok}  ok: the run finished, every check passed
  ${EXIT.failure}  a MeTTa Error stopped the run, or a check failed
  ${EXIT.usage}  usage error, or a file cannot be read
  ${EXIT.parse}  parse error (reported as file:line:col with the source line)
  ${EXIT.limit}  --max-steps, --timeout or the memory budget ran out
`;
}
