// Resource limits shared by both engines: a run that exceeds one stops with
// this error, and the runner reports it without losing earlier results.
export type LimitKind = 'steps' | 'time' | 'results';

export class LimitExceeded extends Error {
  readonly kind: LimitKind;
  constructor(kind: LimitKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Checks the wall clock only every this many steps: Date.now() is not free. */
export const CLOCK_CHECK_INTERVAL = 4096;
