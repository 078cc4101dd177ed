// `metta(atom, T)` at the top level for a type T other than %Undefined%: the
// cases the tree-walker's `metta` settles before any evaluation (meta types,
// casts of symbols and grounded atoms, the form's own function-type check),
// so the VM gives their results without compiling or running anything.
import { Atom, EXPRESSION, VARIABLE, expr } from '../atom/atom.js';
import { S } from '../atom/symbols.js';
import { Bindings } from '../match/bindings.js';
import type { GroundingSpace } from '../space/space.js';
import { getAtomTypes, isFunctionType, checkFunctionType, typeCast, metaTypeOf, ERROR_TYPE } from '../space/types.js';
import { isErrorAtom } from '../interp/values.js';
import { ChunkBuilder, type Chunk } from './chunk.js';
import { OP } from './opcodes.js';

/**
 * The results of `metta(atom, type)` when they need no evaluation (doMetta's
 * first steps: Empty, errors, `Atom`, variables, the atom's own meta type, and
 * the cast of a symbol or grounded atom), before the root's filter; else null.
 */
export function resultsWithoutEvaluation(space: GroundingSpace, atom: Atom, type: Atom): Atom[] | null {
  if (atom === S.empty) return [];
  if (isErrorAtom(atom)) return [atom];
  if (type === S.atomType || atom.kind === VARIABLE || type === metaTypeOf(atom)) return [atom];
  if (atom.kind === EXPRESSION && atom.items.length > 0) return null;
  if (type === S.undefinedType) return [atom];
  const cast = typeCast(space, atom, type, Bindings.EMPTY);
  return cast.ok !== null ? [atom] : cast.errors;
}

/**
 * interpretExpression's choice of a function type for the form `(op a1 … an)`
 * asked for `type`: when no type of `op` applies and none makes the form a
 * tuple, its results are the errors of the checks (in order), decided by the
 * declarations alone. Null when the form is evaluated (or the errors hold
 * variables, which the tree-walker would name afresh each run).
 */
export function staticTypeErrors(space: GroundingSpace, form: Atom, type: Atom): Atom[] | null {
  if (form.kind !== EXPRESSION || form.items.length === 0) return null;
  const op = form.items[0]!;
  const opTypes = getAtomTypes(space, op);
  let errors: Atom[];
  if (op.kind === EXPRESSION && opTypes.every((t) => t.kind === ERROR_TYPE)) errors = opTypes.map((t) => t.error!);
  else {
    errors = [];
    for (const t of opTypes) {
      if (t.kind === ERROR_TYPE) continue;
      if (!isFunctionType(t.type)) return null;
      const check = checkFunctionType(space, form, t.type, type);
      if (check.ok !== null) return null;
      for (const e of check.errors) errors.push(e);
    }
  }
  // The form's collector keeps errors only when nothing else came: here nothing else comes.
  return errors.every((e) => e.ground) ? errors : null;
}

/** A top-level chunk whose results are `results`, in order (none: no result). */
export function constantResultsChunk(form: Atom, results: readonly Atom[]): Chunk {
  const b = new ChunkBuilder();
  b.setSource(form);
  if (results.length === 0) b.emit(OP.FAIL);
  else if (results.length === 1) {
    b.emit(OP.CONST, b.constant(results[0]!));
    b.emit(OP.RET);
  } else b.emit(OP.YIELD_ALL, b.constant(expr(results)));
  return b.finish('form', 0, 0);
}
