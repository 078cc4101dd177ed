// The atoms added since a journal was started, so they can be taken back: a
// VM run that adds atoms through the tree-walker and then hands its whole form
// to the tree-walker takes them back first, so nothing is added twice.
// Consecutive adds to one space with consecutive tokens (a loop of add-atoms)
// are one record, a range: a run of 10^6 adds journals one record, not 10^6.

/** What can take back an atom it added, by the token its add returned. */
export interface Unaddable {
  unadd(token: number): void;
}

/** Adds of `space` with tokens `from` … `to - 1`, taken back newest first. */
interface JournalRecord {
  readonly space: Unaddable;
  readonly from: number;
  to: number;
}

/** The log of the open levels (one array, kept between runs); a level is open while journalDepth > 0. */
const journal: JournalRecord[] = [];
let journalDepth = 0;

/** True while some journal level is open (adds must then be recorded). */
export function journalOpen(): boolean {
  return journalDepth > 0;
}

/** Records that `space` added the atom `token` names. */
export function recordAdd(space: Unaddable, token: number): void {
  if (journalDepth === 0) return;
  const last = journal.length > 0 ? journal[journal.length - 1]! : null;
  if (last !== null && last.space === space && last.to === token) last.to = token + 1;
  else journal.push({ space, from: token, to: token + 1 });
}

/** Records how to take back some other effect (a state's old value) when the run is rolled back. */
export function recordUndo(undo: () => void): void {
  if (journalDepth > 0) journal.push({ space: { unadd: undo }, from: 0, to: 1 });
}

/**
 * Starts (or nests in) the add journal; returns the mark to roll back to. A
 * mark also closes the last range, so a rollback to it stops at a record's edge.
 */
export function startJournal(): number {
  // The outermost level has no earlier range to close.
  if (journalDepth++ === 0) return 0;
  journal.push(MARK);
  return journal.length;
}
/** A record that takes nothing back: what a mark leaves so the next add starts a new range. */
const MARK: JournalRecord = { space: { unadd: () => {} }, from: 0, to: 0 };

/** Takes back every atom added since `mark`, newest first. */
export function rollbackJournal(mark: number): void {
  if (journalDepth === 0) return;
  for (let i = journal.length - 1; i >= mark; i--) {
    const j = journal[i]!;
    for (let t = j.to - 1; t >= j.from; t--) j.space.unadd(t);
  }
  journal.length = mark;
}

/** Ends the journal level `startJournal` opened (the outermost one empties the log). */
export function endJournal(): void {
  if (--journalDepth <= 0) {
    journalDepth = 0;
    if (journal.length !== 0) journal.length = 0;
  }
}
