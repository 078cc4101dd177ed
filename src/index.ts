// The public embedding API of metta-vm: what a host program imports. Everything
// here runs without Node built-ins (file access is granted through MeTTaOptions.files).

/**
 * A MeTTa runner: a top module over a fresh space, the standard library, and an
 * engine. `new MeTTa().run('!(+ 1 2)')` returns `[[3]]`: one array of results per `!` form.
 */
export { MeTTa } from './runner/metta.js';

/**
 * Types of the runner: its constructor options (output, file access, engine,
 * step budget), the detailed report of `runReport`, and host file access.
 */
export type { MeTTaOptions, RunOptions, RunReport, FormResult, FileAccess } from './runner/metta.js';
export type { OpenFile } from './stdlib/operation.js';

/** Engine names (`'vm'`, `'tree'`) and the counters every engine keeps (`steps`, `fallbacks`, `jitCalls`, `deopts`). */
export type { EngineName, EngineStats } from './runner/engine.js';

/** The one runtime class of every atom; inspect `kind` (SYMBOL, VARIABLE, EXPRESSION, GROUNDED), `name`, `items`, `value`. */
export { Atom } from './atom/atom.js';

/** Numeric atom kinds, compared against `atom.kind`. */
export { SYMBOL, VARIABLE, EXPRESSION, GROUNDED } from './atom/atom.js';

/** The kind tag type, and the interface a host implements to put its own values in grounded atoms. */
export type { AtomKind, GroundedValue } from './atom/atom.js';

/** A symbol atom; symbols are interned, so equal names give the same object. */
export { sym } from './atom/atom.js';

/** A variable atom, written `$name` (pass the name without `$`). */
export { variable } from './atom/atom.js';

/** An expression atom from its items: `expr([sym('+'), makeInt(1), makeInt(2)])` is `(+ 1 2)`. */
export { expr } from './atom/atom.js';

/** A grounded atom wrapping a host value that implements GroundedValue. */
export { gnd } from './atom/atom.js';

/** Structural equality of atoms (symbols by name, variables by name and id, grounded atoms by value). */
export { atomEq } from './atom/atom.js';

/** An integer atom (i64, wrapping like hyperon; a bigint keeps values past 2^53 exact). */
export { makeInt } from './atom/grounded.js';

/** A floating-point number atom. */
export { makeFloat } from './atom/grounded.js';

/** A string atom (type String), printed with quotes and escapes. */
export { makeString } from './atom/grounded.js';

/** A Bool atom: `True` or `False`. */
export { makeBool } from './atom/grounded.js';

/** The host value of a number, string or Bool atom, or null when the atom is not one. */
export { numberOf, stringOf, boolOf } from './atom/grounded.js';

/**
 * Parses exactly one atom with the standard tokens: numbers, strings, Bools and the standard
 * operations (`+`, `match`, `PI`...) become grounded atoms, so `m.evaluate(parseAtom('(+ 40 2)'))`
 * gives 42. A runner's own tokens (`&self`, registered operations, `bind!`) need `MeTTa#parse`.
 */
export { parseAtom } from './runner/parse-atom.js';

/** Parses a whole program into top-level forms (`{ atom, exec, pos }`) with the standard tokens; throws ParseError on the first error. */
export { parseAll } from './runner/parse-atom.js';

/** One parsed top-level form, as parseAll returns it. */
export type { TopForm } from './syntax/parser.js';

/** A syntax error with its position; `format()` gives `file:line:col: message`, the source line and a caret. */
export { ParseError } from './syntax/errors.js';

/** A position in source text (1-based line and column). */
export type { SourcePos } from './syntax/source.js';

/** The text of an atom as hyperon prints it: `(a $x "s" 1.0)`. */
export { format } from './syntax/printer.js';

/** A result list as the hyperon CLIs print it: `[a, b]`, `[]` for none. */
export { formatResults } from './syntax/printer.js';

/** An indexed atom space: `add`, `remove`, `atoms`, `query(pattern)`; `MeTTa#space` is the top one. */
export { GroundingSpace } from './space/space.js';

/**
 * Converts between atoms and plain JS values: numbers, strings, booleans, arrays for expressions.
 * fromJSExact converts exactly or throws JsConversionError (a bigint past 64 bits, a function,
 * a cyclic array...); fromJS gives an Error atom naming the value instead.
 */
export { toJS, fromJS, fromJSExact, JsConversionError, type JsValue } from './runner/js-values.js';

/** Grounded operations for hosts that build them directly (MeTTa#registerOperation is simpler). */
export { operation, asyncOperation, ExecError, NoReduce, type OpContext } from './stdlib/operation.js';

/** The error a run stops with when a step, time or result limit is exceeded. */
export { LimitExceeded, type LimitKind } from './runner/limits.js';

/** The host's JavaScript heap, for the `heapProbe` option: bytes used and the limit. */
export type { HeapProbe, HeapUsage } from './runner/memory.js';

/** Types that appear in the signatures above: the space interface, operation signatures and host services, numbers, bindings, tokens. */
export type { AtomSpace } from './space/space.js';
export type { AtomStore, StoreOpener } from './space/atom-store.js';
export type { WordResolver } from './space/atom-codec.js';
export type { OpHost, OpFn, OpAsyncFn } from './stdlib/operation.js';
export type { NumberValue } from './atom/grounded.js';
export type { Bindings, VarKey } from './match/bindings.js';
export type { TokenTable, TokenConstructor } from './syntax/tokens.js';

/**
 * The VM's compiler and runner for one expression, apart: `compileExpression(atom, metta.space)`
 * compiles afresh (null when the VM hands the form to the tree-walker), `executeCompiled` runs
 * it to all its results. `MeTTa#evaluate` does both, with a cache of compiled forms.
 */
export { compileExpression, executeCompiled, type CompiledExpression } from './vm/expression.js';
/** What `run` and `runAsync` throw when a program did not run in full: results so far, messages, forms not run. */
export { MettaRunError, type RunProblem, type SkippedForm, type IncompleteRun } from './runner/run-error.js';
