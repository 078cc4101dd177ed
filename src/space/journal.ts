// The atoms added since a journal was started, so they can be taken back: a
// VM run that adds atoms through the tree-walker and then hands its whole form
// to the tree-walker takes them back first, so nothing is added twice.

/** What can take back an atom it added, by the token its add returned. */
export interface Unaddable {
  unadd(token: number): void;
}

let journal: Array<{ readonly space: Unaddable; readonly token: number }> | null = null;
let journalDepth = 0;

/** True while some journal level is open (adds must then be recorded). */
export function journalOpen(): boolean {
  return journal !== null;
}

/** Records that `space` added the atom `token` names. */
export function recordAdd(space: Unaddable, token: number): void {
  if (journal !== null) journal.push({ space, token });
}

/** Records how to take back some other effect (a state's old value) when the run is rolled back. */
export function recordUndo(undo: () => void): void {
  if (journal !== null) journal.push({ space: { unadd: undo }, token: 0 });
}

/** Starts (or nests in) the add journal; returns the mark to roll back to. */
export function startJournal(): number {
  if (journal === null) journal = [];
  journalDepth++;
  return journal.length;
}

/** Takes back every atom added since `mark`, newest first. */
export function rollbackJournal(mark: number): void {
  if (journal === null) return;
  for (let i = journal.length - 1; i >= mark; i--) {
    const j = journal[i]!;
    j.space.unadd(j.token);
  }
  journal.length = mark;
}

/** Ends the journal level `startJournal` opened (the outermost one drops the log). */
export function endJournal(): void {
  if (--journalDepth <= 0) {
    journalDepth = 0;
    journal = null;
  }
}
