// Lists of slots: a slot is an atom's place in its store's atom table,
// ascending in insertion order, so lists merge by comparing slots. A long
// list keeps its slots in an Int32Array (4 bytes each, not an object each).

/** Past this many slots a list moves from a plain array to an Int32Array. */
const TYPED_AFTER = 32;

/** Slots in ascending (insertion) order. */
export class SlotList {
  /** A plain array of small integers while short; then an Int32Array with room to grow. */
  private buf: number[] | Int32Array = [];
  length = 0;

  push(slot: number): void {
    const b = this.buf;
    if (Array.isArray(b)) {
      b.push(slot);
      if (b.length > TYPED_AFTER) this.buf = Int32Array.from(b);
    } else {
      let t = b;
      if (this.length === t.length) {
        t = new Int32Array(t.length * 2);
        t.set(b);
        this.buf = t;
      }
      t[this.length] = slot;
    }
    this.length++;
  }

  at(i: number): number {
    return this.buf[i]!;
  }
}

/** A bucket: one slot, or several in insertion order (most keys of a big index hold one atom). */
export type Bucket = number | SlotList;

export function bucketLength(b: Bucket | undefined): number {
  return b === undefined ? 0 : typeof b === 'number' ? 1 : b.length;
}

/** Slot `i` of a bucket (`i` below its length). */
export function bucketAt(b: Bucket, i: number): number {
  return typeof b === 'number' ? b : b.at(i);
}
